package io.losseval.jobs.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.jobs.BuiltJob;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cross_entropy} over 1M rows of 1000-class float logits (4 GB of logits) in {@code local[2]}
 * with Spark's default driver memory, a 1 GiB heap: the query finishes, matches PyTorch's formula
 * worked per row in double, and no task spills. The aggregation state per group holds one batch of at
 * most 33 rows (see {@code LossBuffer}'s memory note), whatever the number of rows, so the heap the
 * loss needs does not grow with the input.
 */
class LargeLogitsMemoryIT {
  private static final long ROWS = 1_000_000;
  private static final int CLASSES = 1000;
  private static final long ONE_GIB = 1L << 30;

  @TempDir Path dir;

  @Test
  void thousandClassLogitsForAMillionRowsFitTheDefaultHeapWithoutSpilling() throws Exception {
    Map<String, String> out = run(ROWS, CLASSES);
    System.out.println("LargeLogitsMemoryIT: " + new java.util.TreeMap<>(out));

    assertEquals(ROWS, Long.parseLong(out.get("rows")), out.toString());
    assertTrue(Long.parseLong(out.get("heapMax")) <= ONE_GIB, "ran with more than 1 GiB: " + out);
    double loss = Double.parseDouble(out.get("loss"));
    double reference = Double.parseDouble(out.get("reference"));
    // uniform logits in [-4, 4) give about log(1000 * (e^4 - e^-4) / 8) = 8.83 per row; the reference
    // is a plain double average of the per-row values
    assertTrue(loss > 8.7 && loss < 8.95, out.toString());
    assertEquals(reference, loss, 1e-12 * reference, out.toString());
    assertEquals(0, Long.parseLong(out.get("memoryBytesSpilled")), out.toString());
    assertEquals(0, Long.parseLong(out.get("diskBytesSpilled")), out.toString());
    assertTrue(out.get("aggregates").contains("ObjectHashAggregate"), out.toString());
    assertTrue(!out.get("aggregates").contains("SortAggregate"), out.toString());
  }

  /** Runs {@link LargeLogitsRun} in a JVM with a 1 GiB heap and returns its {@code key=value} lines. */
  private Map<String, String> run(long rows, int classes) throws IOException, InterruptedException {
    Path jobs = BuiltJob.target();
    List<String> classpath = new ArrayList<>();
    classpath.add(BuiltJob.jar().toString());
    classpath.add(jobs.resolve("spark-jars").toString() + File.separator + "*");
    classpath.add(jobs.resolve("test-classes").toString());

    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
    command.addAll(Arrays.asList(System.getProperty("losseval.jvm.flags", "").trim().split("\\s+")));
    command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath),
        LargeLogitsRun.class.getName(), Long.toString(rows), Integer.toString(classes)));
    command.removeIf(String::isEmpty);
    Path stdout = dir.resolve("out.txt");
    Path stderr = dir.resolve("err.txt");
    Process p = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("LargeLogitsRun did not finish in 10 minutes");
    }
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), err.length() > 6000 ? err.substring(err.length() - 6000) : err);
    Map<String, String> values = new HashMap<>();
    for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return values;
  }
}
