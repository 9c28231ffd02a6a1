package io.losseval.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SIMD kernels' {@code exp}, {@code log} and {@code pow} give the same bits however the JIT runs
 * the Vector API: in this JVM after a warm-up (the loops compiled to SIMD instructions), in a JVM that
 * only interprets ({@code -Xint}, the Vector API's Java fallback), and in one that compiles every method
 * with C2 before its first call ({@code -Xcomp}). Without that, a row's loss would depend on how warm
 * its executor was, and a reduction on the partitioning. (The Vector API's own {@code lanewise(EXP)}
 * fails this test: its SIMD and fallback paths differ in the last bit.)
 */
class JitIndependenceTest {

  @Test
  void expLogAndPowKernelsGiveTheSameBitsInterpretedAndCompiled() throws Exception {
    assumeTrue(KernelProvider.simd().isPresent(), "no SIMD kernels on this JVM");
    LossKernels simd = KernelProvider.simd().get();
    long warm = 0;
    for (int i = 0; i < 3000; i++) {
      warm = KernelFingerprint.of(simd);
    }
    String expected = Long.toHexString(warm);
    assertEquals(expected, fingerprintIn("-Xint"), "interpreted");
    assertEquals(expected, fingerprintIn("-Xcomp", "-XX:-TieredCompilation"), "compiled by C2 up front");
  }

  private static String fingerprintIn(String... jvmFlags) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmFlags));
    command.addAll(List.of("--add-modules", "jdk.incubator.vector",
        "-cp", System.getProperty("java.class.path"), KernelFingerprint.class.getName()));
    Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", jvmFlags) + ": no answer in 5 minutes");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), err);
    return out;
  }
}
