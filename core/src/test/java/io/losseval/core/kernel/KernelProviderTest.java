package io.losseval.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.losseval.core.kernel.KernelProvider.Choice;
import io.losseval.core.kernel.KernelProvider.SimdLoad;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The start-up ladder of {@link KernelProvider}, rung by rung, and the instances it hands out. */
final class KernelProviderTest {

  private static final Supplier<Optional<String>> C2_ON = Optional::empty;
  private static final SimdLoad NO_MODULE = KernelProvider.loadSimd(Optional.empty());

  private static LossKernels simd() {
    assumeTrue(KernelProvider.simd().isPresent(), "jdk.incubator.vector is not available");
    return KernelProvider.simd().get();
  }

  @Test
  void kernelsIsTheScalarOrTheSimdInstanceAndDoesNotChange() {
    LossKernels chosen = KernelProvider.kernels();
    assertTrue(chosen == KernelProvider.scalar() || chosen == KernelProvider.simd().orElse(null), chosen.name());
    assertSame(chosen, KernelProvider.kernels());
  }

  @Test
  void scalarIsTheScalarKernels() {
    assertSame(ScalarKernels.INSTANCE, KernelProvider.scalar());
  }

  @Test
  void simdComesFromTheBootLayersVectorModule() {
    SimdLoad load = KernelProvider.loadSimd(ModuleLayer.boot().findModule(KernelProvider.VECTOR_MODULE));
    assertTrue(load.kernels().isPresent(), load.problem());
    assertEquals(simd().name(), load.kernels().get().name());
  }

  @Test
  void scalarPropertyForcesTheScalarKernelsWithoutCheckingTheCompiler() {
    SimdLoad loaded = SimdLoad.loaded(simd());
    Choice choice = KernelProvider.choose("scalar", loaded, () -> {
      throw new AssertionError("the compiler is not checked when scalar is forced");
    });
    assertSame(ScalarKernels.INSTANCE, choice.kernels());
    assertFalse(choice.warning());
    assertEquals("losseval kernels: scalar (forced by -Dlosseval.kernels=scalar)", choice.message());
    assertSame(ScalarKernels.INSTANCE, KernelProvider.choose(" Scalar ", loaded, C2_ON).kernels());
  }

  @Test
  void autoChoosesTheSimdKernelsWhenEveryCheckPasses() {
    LossKernels simd = simd();
    for (String property : new String[] {null, "", "auto", "simd", "SIMD"}) {
      Choice choice = KernelProvider.choose(property, SimdLoad.loaded(simd), C2_ON);
      assertSame(simd, choice.kernels(), property);
      assertFalse(choice.warning());
      assertEquals("losseval kernels: " + simd.name() + " (jdk.incubator.vector)", choice.message());
    }
    assertTrue(simd.name().matches("simd\\(\\d+-bit\\)"), simd.name());
  }

  @Test
  void missingVectorModuleFallsBackToScalarWithAWarningThatNamesTheFix() {
    assertTrue(NO_MODULE.kernels().isEmpty());
    Choice choice = KernelProvider.choose(null, NO_MODULE, C2_ON);
    assertSame(ScalarKernels.INSTANCE, choice.kernels());
    assertTrue(choice.warning());
    assertTrue(choice.message().contains("jdk.incubator.vector is not in the boot layer"), choice.message());
    assertTrue(choice.message().contains("--add-modules jdk.incubator.vector"), choice.message());
  }

  @Test
  void missingC2FallsBackToScalarWithAWarning() {
    Choice choice = KernelProvider.choose("auto", SimdLoad.loaded(simd()),
        () -> Optional.of("the JVM stops compiling below C2 (-XX:TieredStopAtLevel=1); remove that option"));
    assertSame(ScalarKernels.INSTANCE, choice.kernels());
    assertTrue(choice.warning());
    assertTrue(choice.message().contains("TieredStopAtLevel"), choice.message());
  }

  @Test
  void simdPropertyFailsLoudlyWhenTheSimdKernelsCannotRun() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> KernelProvider.choose("simd", NO_MODULE, C2_ON));
    assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
    SimdLoad loaded = SimdLoad.loaded(simd());
    assertThrows(IllegalStateException.class,
        () -> KernelProvider.choose("simd", loaded, () -> Optional.of("no C2")));
  }

  @Test
  void unknownPropertyValueIsRejected() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> KernelProvider.choose("fast", NO_MODULE, C2_ON));
    assertTrue(e.getMessage().contains("auto, scalar or simd"), e.getMessage());
  }
}
