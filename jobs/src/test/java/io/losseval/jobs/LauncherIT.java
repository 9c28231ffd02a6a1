package io.losseval.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/losseval} as a newcomer runs it, in a process of its own: {@code --help} explains itself,
 * the README's first command prints the sample config's losses, and {@code sql --format json} puts
 * nothing but JSON Lines on stdout (the logs go to stderr).
 */
class LauncherIT {
  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private Result launch(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(JobRun.ROOT.resolve("bin/losseval").toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(command).directory(JobRun.ROOT.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("bin/losseval " + String.join(" ", args) + " did not finish in 5 minutes");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void helpListsTheSubcommandsAndExitCodes() throws Exception {
    Result r = launch("--help");
    assertEquals(0, r.code(), r.err());
    for (String command : List.of("evaluate", "sql", "list", "seed-examples", "sample-data")) {
      assertTrue(r.out().contains("  " + command + " "), r.out());
    }
    assertTrue(r.out().contains("Exit codes: 0 success, 2 bad config or arguments, 3 bad input data"), r.out());
    Result evaluate = launch("evaluate", "--help");
    assertTrue(evaluate.out().contains("--set=KEY=VALUE"), evaluate.out());
  }

  @Test
  void theReadmesFirstCommandPrintsTheSampleLosses() throws Exception {
    Result r = launch("evaluate", "--config", "conf/evaluate.yaml", "--set", "output.path=" + dir.resolve("results"));
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals("run sample-multiclass, model sample-classifier, 2026-11-23T00:00:00Z, input"
        + " sample-data/multiclass.parquet", lines[0]);
    assertEquals(3 + 12, lines.length, r.out());
    assertTrue(r.out().contains("baseline   cross_entropy      mean       -                    1.3859313280"),
        r.out());
    assertTrue(r.err().contains("losseval: wrote 12 result rows to"), r.err());
    assertTrue(Files.isDirectory(dir.resolve("results/run_id=sample-multiclass")));
  }

  @Test
  void sqlJsonPutsOnlyJsonLinesOnStdout() throws Exception {
    Result r = launch("sql", "--format", "json", "--query", "SELECT model, cross_entropy(logits, label) AS ce"
        + " FROM parquet.`sample-data/multiclass.parquet` GROUP BY model ORDER BY model");
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals(2, lines.length, r.out());
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      JsonNode row = json.readTree(line);
      assertTrue(row.isObject() && row.has("model") && row.get("ce").isDouble(), line);
    }
    assertTrue(r.err().contains("losseval"), r.err());
  }
}
