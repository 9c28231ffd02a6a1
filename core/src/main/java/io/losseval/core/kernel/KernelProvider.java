package io.losseval.core.kernel;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out the {@link LossKernels} of this JVM: the SIMD kernels where the Vector API can run them well,
 * the scalar kernels everywhere else. Modelled on Lucene's {@code VectorizationProvider}.
 *
 * <p>{@link #kernels()} makes the choice once, on its first call, by this ladder; the first rung that
 * fails decides:
 *
 * <ol>
 *   <li>The system property {@value #PROPERTY}: {@code scalar} takes the scalar kernels without
 *       looking further; {@code simd} requires the SIMD kernels, so that a failed check below throws
 *       {@link IllegalStateException} instead of falling back; {@code auto} (or no value) goes on down
 *       the ladder. Any other value throws {@link IllegalStateException}.
 *   <li>The module {@code jdk.incubator.vector} is in the boot layer and readable by this class. It is
 *       there only if the JVM was started with {@code --add-modules jdk.incubator.vector} (on Spark: in
 *       {@code spark.driver.extraJavaOptions} and {@code spark.executor.extraJavaOptions}).
 *   <li>The C2 compiler is on: not {@code -Xint}, not {@code -XX:TieredStopAtLevel} below 4. Without C2
 *       the Vector API runs as slow Java fallbacks.
 *   <li>The preferred vector size is at least 128 bits (checked by the SIMD class when it loads).
 * </ol>
 *
 * <p>The SIMD class is loaded by name through reflection, only after the module check, so a JVM
 * without the module never links it and the scalar path never depends on it. The choice is logged
 * exactly once, through SLF4J: at info {@code losseval kernels: simd(512-bit) (jdk.incubator.vector)}
 * (or {@code losseval kernels: scalar (forced by -Dlosseval.kernels=scalar)}); when a check fails, a
 * warning that names the cause and the fix, and then the scalar kernels.
 *
 * <p>{@link #scalar()} and {@link #simd()} hand out each implementation whatever the choice, for tests
 * and benchmarks. All three return shared, stateless, thread-safe instances.
 */
public final class KernelProvider {

  /** The system property that sets the choice: {@code auto} (the default), {@code scalar} or {@code simd}. */
  public static final String PROPERTY = "losseval.kernels";

  static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static final String SIMD_CLASS = KernelProvider.class.getPackageName() + ".SimdKernels";
  private static final String MODULE_FIX = "start the JVM with --add-modules " + VECTOR_MODULE
      + " (on Spark: in spark.driver.extraJavaOptions and spark.executor.extraJavaOptions)";
  private static final Logger LOG = LoggerFactory.getLogger(KernelProvider.class);

  private KernelProvider() {}

  /** The kernels chosen for this JVM, on the first call, by the ladder in the class comment. */
  public static LossKernels kernels() {
    return Chosen.KERNELS;
  }

  /** The scalar kernels, available everywhere. */
  public static LossKernels scalar() {
    return ScalarKernels.INSTANCE;
  }

  /**
   * The SIMD kernels if they can be loaded in this JVM (the module is there and the vectors are wide
   * enough), whatever {@link #kernels()} chose; empty otherwise.
   */
  public static Optional<LossKernels> simd() {
    return Simd.LOAD.kernels();
  }

  /** What loading the SIMD kernels gave: the instance, or why there is none and how to fix it. */
  record SimdLoad(Optional<LossKernels> kernels, String problem) {

    static SimdLoad loaded(LossKernels kernels) {
      return new SimdLoad(Optional.of(kernels), "");
    }

    static SimdLoad failed(String problem) {
      return new SimdLoad(Optional.empty(), problem);
    }
  }

  /** The outcome of the ladder: the kernels, and the one line to log about them. */
  record Choice(LossKernels kernels, boolean warning, String message) {}

  /**
   * The ladder itself, free of the JVM's state so that it can be tested.
   *
   * @param property the value of {@value #PROPERTY}, or {@code null}
   * @param simd the SIMD kernels as {@link #loadSimd} found them (the module check is part of it)
   * @param compilerProblem why the JIT cannot compile the Vector API well, if it cannot; asked only
   *     when the SIMD kernels loaded
   * @throws IllegalStateException if {@code property} is not a known mode, or is {@code simd} and a check
   *     fails
   */
  static Choice choose(String property, SimdLoad simd, Supplier<Optional<String>> compilerProblem) {
    String mode = property == null ? "auto" : property.trim().toLowerCase(Locale.ROOT);
    switch (mode) {
      case "scalar" -> {
        return new Choice(ScalarKernels.INSTANCE, false,
            "losseval kernels: scalar (forced by -D" + PROPERTY + "=scalar)");
      }
      case "auto", "", "simd" -> { }
      default -> throw new IllegalStateException(
          "-D" + PROPERTY + " must be auto, scalar or simd, not '" + property + "'");
    }
    Optional<String> problem = simd.kernels().isEmpty() ? Optional.of(simd.problem()) : compilerProblem.get();
    if (problem.isPresent()) {
      if (mode.equals("simd")) {
        throw new IllegalStateException(
            "-D" + PROPERTY + "=simd, but the SIMD kernels cannot run here: " + problem.get());
      }
      return new Choice(ScalarKernels.INSTANCE, true,
          "losseval kernels: scalar, because the SIMD kernels cannot run here: " + problem.get());
    }
    LossKernels kernels = simd.kernels().get();
    return new Choice(kernels, false, "losseval kernels: " + kernels.name() + " (" + VECTOR_MODULE + ")");
  }

  /**
   * Loads the SIMD kernels by name if {@code vectorModule} is present and readable from here.
   *
   * @param vectorModule the module {@code jdk.incubator.vector} of the boot layer, if it is there
   */
  static SimdLoad loadSimd(Optional<Module> vectorModule) {
    if (vectorModule.isEmpty()) {
      return SimdLoad.failed("the module " + VECTOR_MODULE + " is not in the boot layer; " + MODULE_FIX);
    }
    if (!KernelProvider.class.getModule().canRead(vectorModule.get())) {
      return SimdLoad.failed(KernelProvider.class.getModule() + " does not read the module " + VECTOR_MODULE
          + "; add 'requires " + VECTOR_MODULE + "' or --add-reads for it");
    }
    try {
      return SimdLoad.loaded(Class.forName(SIMD_CLASS).asSubclass(LossKernels.class)
          .getDeclaredConstructor().newInstance());
    } catch (InvocationTargetException e) {
      return SimdLoad.failed(String.valueOf(e.getCause().getMessage()));
    } catch (ReflectiveOperationException | LinkageError e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return SimdLoad.failed(SIMD_CLASS + " could not be loaded (" + cause + "); " + MODULE_FIX);
    }
  }

  /**
   * Why C2 will not compile the Vector API here, if it will not: an interpreter-only or client-only JVM,
   * or tiered compilation stopped below level 4. An unknown VM or a missing management module counts as
   * no problem.
   */
  static Optional<String> compilerProblem() {
    String info = System.getProperty("java.vm.info", "");
    if (info.contains("interpreted mode")) {
      return Optional.of("the JVM only interprets (-Xint); run it with its JIT compilers");
    }
    if (info.contains("emulated-client")) {
      return Optional.of("the JVM runs without the C2 compiler (" + info
          + "); remove -XX:TieredStopAtLevel or -XX:CompilationMode=quick-only");
    }
    try {
      HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      String stop = vm.getVMOption("TieredStopAtLevel").getValue();
      boolean tiered = Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue());
      if (tiered && Integer.parseInt(stop) < 4) {
        return Optional.of("the JVM stops compiling below C2 (-XX:TieredStopAtLevel=" + stop
            + "); remove that option");
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("cannot read the HotSpot compiler options; assuming C2 is on", e);
    }
    return Optional.empty();
  }

  /** The SIMD kernels, loaded at most once. */
  private static final class Simd {
    static final SimdLoad LOAD = loadSimd(ModuleLayer.boot().findModule(VECTOR_MODULE));
  }

  /** The kernels of this JVM, chosen and logged at most once. */
  private static final class Chosen {
    static final LossKernels KERNELS = chooseAndLog();

    private static LossKernels chooseAndLog() {
      Choice choice;
      try {
        choice = choose(System.getProperty(PROPERTY), Simd.LOAD, KernelProvider::compilerProblem);
      } catch (IllegalStateException e) {
        LOG.error("losseval kernels: {}", e.getMessage());
        throw e;
      }
      if (choice.warning()) {
        LOG.warn(choice.message());
      } else {
        LOG.info(choice.message());
      }
      return choice.kernels();
    }
  }
}
