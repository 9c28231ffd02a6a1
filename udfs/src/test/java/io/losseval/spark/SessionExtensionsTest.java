package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The config-only path: a fresh session with spark.sql.extensions has every function, unqualified. */
class SessionExtensionsTest {

  @Test
  void freshSessionWithTheExtensionHasTheFunctions() {
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
    SparkSession spark = SparkSession.builder().master("local[2]").appName("losseval-extensions")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.extensions", LossSessionExtensions.class.getName())
        .getOrCreate();
    try {
      assertEquals(2.5, spark.sql(
          "SELECT mse_loss(p, t) FROM VALUES (1.0D, 0.0D), (2.0D, 4.0D) AS v(p, t)").first().getDouble(0));
      assertEquals(4.0, spark.sql("SELECT row_mse_loss(3.0D, 1.0D)").first().getDouble(0));
      SparkSession other = spark.newSession();
      assertEquals(1L, other.sql("SELECT mse_loss_stats(1.0D, 0.0D).rows").first().getLong(0));
    } finally {
      spark.stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }
}
