#!/usr/bin/env bash
# Runs the end-to-end Spark SQL benchmark of the loss functions (io.losseval.bench.SqlLossBenchmark) on an
# embedded local[2] Spark: builds the bench module and what it depends on, then runs the benchmark with the
# classpath and the Java 17 JVM flags the build wrote to bench/target/sql-benchmark/.
#
# Usage: bench/run-sql-benchmark.sh [benchmark options]      (--help lists them)
#   bench/run-sql-benchmark.sh                  full size (~5 min on 2 cores), writes bench/results/sql-loss-benchmark.md
#   bench/run-sql-benchmark.sh --scale 0.01     smoke run (writes bench/target/sql-loss-benchmark-partial.md)
# Environment:
#   SQL_BENCH_SKIP_BUILD=1   run what bench/target/sql-benchmark/ already holds, without Maven
#   SQL_BENCH_MVN_OPTS       extra Maven arguments, e.g. "-o" to build offline
#   SQL_BENCH_JAVA_OPTS      extra JVM arguments (default -Xmx4g), e.g. "-Xmx4g -Dlosseval.kernels=scalar"
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/.." && pwd)"
launch="$bench/target/sql-benchmark"

if [ "${SQL_BENCH_SKIP_BUILD:-0}" != "1" ]; then
  echo "run-sql-benchmark: building bench and the modules it uses (mvn -pl bench -am package)..." >&2
  # shellcheck disable=SC2086
  (cd "$root" && mvn -B -q ${SQL_BENCH_MVN_OPTS:-} -DskipTests -pl bench -am package) >&2
fi
for f in classpath.txt jvm.options log4j2.properties; do
  if [ ! -f "$launch/$f" ]; then
    echo "run-sql-benchmark: $launch/$f is missing; build with: mvn -pl bench -am package -DskipTests" >&2
    exit 1
  fi
done

# A local run: bind Spark to the loopback address (no warning about the hostname).
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# The source revision, for the report: the commit, marked when the working tree differs from it.
revision="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || true)"
if [ -n "$revision" ] && [ -n "$(git --no-optional-locks -C "$root" status --porcelain -- core udfs bench pom.xml 2>/dev/null)" ]; then
  revision="$revision + uncommitted changes in core/udfs/bench"
fi
# This project's own jars (core, udfs: built in the reactor) are copied aside, so that a rebuild while the
# benchmark runs cannot change the classes under it.
snapshot="$launch/jars"
rm -rf "$snapshot" && mkdir -p "$snapshot"
classpath="$bench/target/classes"
IFS=: read -r -a entries < "$launch/classpath.txt" || true  # no newline at the end
for entry in "${entries[@]}"; do
  case "$entry" in
    "$root"/*)
      cp -r "$entry" "$snapshot/"
      classpath="$classpath:$snapshot/$(basename "$entry")"
      ;;
    *) classpath="$classpath:$entry" ;;
  esac
done
# shellcheck disable=SC2086
exec java @"$launch/jvm.options" \
  -Dlog4j2.configurationFile="$launch/log4j2.properties" \
  -Dlosseval.kernels="${LOSSEVAL_KERNELS:-auto}" \
  ${SQL_BENCH_JAVA_OPTS:--Xmx4g} \
  -cp "$classpath" io.losseval.bench.SqlLossBenchmark --bench-dir "$bench" --revision "$revision" "$@"
