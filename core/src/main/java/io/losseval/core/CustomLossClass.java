package io.losseval.core;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A custom loss given by the name of a Java class, the seeds' second form ({@code class
 * Custom_MSE(nn.Module)}): a public class implementing {@link Loss}, usually by extending {@link
 * SampleLoss} or {@link ElementwiseLoss}, with a public constructor taking the {@link Reduction}.
 *
 * <pre>{@code
 * LossSpec spec = CustomLossClass.spec("com.example.CustomMSE");
 * Loss loss = spec.create("reduction=sum");
 * }</pre>
 *
 * <p>The spec's name and arguments are the loss's own ({@link Loss#name()}, {@link Loss#arguments()}); it
 * takes the universal options ({@code reduction} with {@code mean}, {@code sum} and {@code none}, and
 * {@code on_null}) and no others. The class is loaded by name with the thread's context class loader, so
 * on a cluster it must be on the executors' classpath too ({@code spark-submit --jars}).
 */
public final class CustomLossClass {
  private static final Map<String, LossSpec> SPECS = new ConcurrentHashMap<>();

  private CustomLossClass() {}

  /**
   * The spec of the custom loss class {@code className}.
   *
   * @throws IllegalArgumentException naming the class and what to fix when it cannot be loaded, does not
   *     implement {@link Loss}, or has no public {@code (Reduction)} constructor
   */
  public static LossSpec spec(String className) {
    return SPECS.computeIfAbsent(className, CustomLossClass::load);
  }

  private static LossSpec load(String className) {
    Class<?> type;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      type = Class.forName(className, true, loader != null ? loader : CustomLossClass.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException("custom loss class " + className + " cannot be loaded (" + e
          + "): put its jar on the classpath (spark-submit --jars) and give its fully qualified name", e);
    }
    if (!Loss.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalArgumentException("custom loss class " + className
          + " is not a concrete class implementing " + Loss.class.getName()
          + ": extend io.losseval.core.SampleLoss or ElementwiseLoss");
    }
    Constructor<? extends Loss> constructor;
    try {
      constructor = type.asSubclass(Loss.class).getConstructor(Reduction.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("custom loss class " + className
          + " has no public constructor taking the reduction: add public " + type.getSimpleName()
          + "(Reduction reduction)", e);
    }
    Loss probe = instantiate(className, constructor, Reduction.MEAN);
    LossSpec.SampleShape shape = probe instanceof ElementwiseLoss
        ? LossSpec.SampleShape.ELEMENTWISE
        : LossSpec.SampleShape.SCALAR;
    return new LossSpec(probe.name(), type.getSimpleName(), List.copyOf(probe.arguments()), List.of(),
        LossSpec.STANDARD, shape, options -> instantiate(className, constructor, options.reduction()),
        className);
  }

  private static Loss instantiate(String className, Constructor<? extends Loss> constructor, Reduction r) {
    try {
      return constructor.newInstance(r);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          "custom loss class " + className + " failed to construct: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("custom loss class " + className + " cannot be constructed: " + e, e);
    }
  }
}
