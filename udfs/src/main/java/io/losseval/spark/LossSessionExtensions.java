package io.losseval.spark;

import io.losseval.spark.plan.LossAggregateOverBatches;
import io.losseval.spark.shim.FunctionInjection;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.execution.ColumnarRule;
import scala.Function1;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Registers every loss function in each new session, by configuration alone: for notebooks, PySpark and
 * the {@code spark-sql} shell.
 *
 * <pre>
 * spark-sql --jars losseval_4.2_2.13-<version>.jar \
 *   --conf spark.sql.extensions=io.losseval.spark.LossSessionExtensions
 * </pre>
 *
 * <p>The functions are the same as {@link LossFunctions#register}'s. The extensions also plan the
 * aggregates' map side over columnar scans ({@link LossAggregateOverBatches}), which a session made
 * without them cannot do: prefer them to {@code LossFunctions.register} where the session is yours to
 * build.
 */
public final class LossSessionExtensions implements Function1<SparkSessionExtensions, BoxedUnit> {

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    for (LossFunctions.Definition d : LossFunctions.definitions()) {
      FunctionInjection.inject(extensions, d.identifier(), d.info(), d::build);
    }
    extensions.injectColumnar(new AbstractFunction1<SparkSession, ColumnarRule>() {
      @Override
      public ColumnarRule apply(SparkSession session) {
        return new LossAggregateOverBatches(session);
      }
    });
    return BoxedUnit.UNIT;
  }
}
