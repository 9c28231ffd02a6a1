package io.losseval.jobs;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code mvn package} built for the tests' Spark line, as the build passes it to failsafe: the job's
 * shaded jar ({@code losseval_<line>_<scala>-<version>.jar}) and the build directory that holds it,
 * {@code spark-jars/} (Spark, for the JVMs the tests start) and {@code test-classes/}.
 */
public final class BuiltJob {
  private BuiltJob() {}

  /** The build directory of this Spark line ({@code jobs/target}, or {@code jobs/target/spark-3.5}). */
  public static Path target() {
    return Path.of(property("losseval.build.dir"));
  }

  /** The job's shaded jar; fails the test when it has not been built. */
  public static Path jar() {
    Path jar = Path.of(property("losseval.job.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("the job's jar " + jar + " is not built: run mvn package");
    }
    return jar;
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new AssertionError("-D" + name + " is not set: run the test with mvn verify (failsafe sets it)");
    }
    return value;
  }
}
