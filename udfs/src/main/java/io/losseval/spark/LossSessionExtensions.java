package io.losseval.spark;

import org.apache.spark.sql.SparkSessionExtensions;
import scala.Function1;
import scala.Tuple3;
import scala.runtime.BoxedUnit;

/**
 * Registers every loss function in each new session, by configuration alone: for notebooks, PySpark and
 * the {@code spark-sql} shell.
 *
 * <pre>
 * spark-sql --jars losseval-udfs.jar,losseval-core.jar \
 *   --conf spark.sql.extensions=io.losseval.spark.LossSessionExtensions
 * </pre>
 *
 * <p>The functions are the same as {@link LossFunctions#register}'s.
 */
public final class LossSessionExtensions implements Function1<SparkSessionExtensions, BoxedUnit> {

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    for (LossFunctions.Definition d : LossFunctions.definitions()) {
      extensions.injectFunction(new Tuple3<>(d.identifier(), d.info(), d.builder()));
    }
    return BoxedUnit.UNIT;
  }
}
