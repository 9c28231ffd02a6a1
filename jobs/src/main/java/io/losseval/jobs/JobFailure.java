package io.losseval.jobs;

/**
 * A failure the job reports to its user with an exit code: {@link #BAD_CONFIG} (2) for a bad config or
 * arguments, {@link #BAD_INPUT} (3) for input data the losses cannot take, {@link #OTHER} (1) for
 * anything else. The message says what is wrong and what to fix; it is printed without a stack trace.
 */
public final class JobFailure extends RuntimeException {
  /** Exit code of a successful run. */
  public static final int SUCCESS = 0;
  /** Exit code for anything other than bad config or bad input (a write that failed, a lost cluster). */
  public static final int OTHER = 1;
  /** Exit code for a bad config file or bad command-line arguments. */
  public static final int BAD_CONFIG = 2;
  /** Exit code for input data the job cannot read or the losses cannot take. */
  public static final int BAD_INPUT = 3;
  /** {@code compare}: a threshold failed, the candidate is worse than allowed. */
  public static final int THRESHOLD_FAILED = 4;

  private final int exitCode;

  private JobFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** A bad config or argument: {@code message} names the key (and line) and the expected form. */
  public static JobFailure badConfig(String message) {
    return new JobFailure(BAD_CONFIG, message, null);
  }

  /** A bad config or argument found by a library whose error is {@code cause}. */
  public static JobFailure badConfig(String message, Throwable cause) {
    return new JobFailure(BAD_CONFIG, message, cause);
  }

  /** Input data the job cannot read or the losses cannot take. */
  public static JobFailure badInput(String message) {
    return new JobFailure(BAD_INPUT, message, null);
  }

  /** Input that cannot be evaluated (exit 3), caused by {@code cause}. */
  public static JobFailure badInput(String message, Throwable cause) {
    return new JobFailure(BAD_INPUT, message, cause);
  }

  /** Any other failure. */
  public static JobFailure other(String message, Throwable cause) {
    return new JobFailure(OTHER, message, cause);
  }

  public int exitCode() {
    return exitCode;
  }
}
