package io.losseval.spark.shim;

import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import scala.Function1;
import scala.Tuple3;
import scala.collection.JavaConverters;
import scala.collection.immutable.Seq;

/**
 * Injects a SQL function whose builder takes the call's argument expressions. Spark 4 (Scala 2.13)
 * hands the builder a {@code scala.collection.immutable.Seq}.
 */
public final class FunctionInjection {
  private FunctionInjection() {}

  /** Adds the function to every session the extensions build ({@code spark.sql.extensions}). */
  public static void inject(SparkSessionExtensions extensions, FunctionIdentifier name, ExpressionInfo info,
      Function<List<Expression>, Expression> build) {
    extensions.injectFunction(new Tuple3<>(name, info, builder(build)));
  }

  private static Function1<Seq<Expression>, Expression> builder(Function<List<Expression>, Expression> build) {
    return children -> build.apply(JavaConverters.seqAsJavaList(children));
  }
}
