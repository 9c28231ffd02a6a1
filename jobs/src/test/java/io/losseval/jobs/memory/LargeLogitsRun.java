package io.losseval.jobs.memory;

import io.losseval.spark.LossSessionExtensions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The program {@link LargeLogitsMemoryIT} runs in a JVM of its own (with Spark's default driver heap,
 * 1 GiB): {@code cross_entropy} over {@code rows} rows of {@code classes}-class float logits in
 * {@code local[2]}, generated as the query runs (a seeded generator per row, so no file of rows x
 * classes floats is needed), next to the average of a reference loss the generator computes per row in
 * double from PyTorch's formula, {@code logsumexp(x) - x[label]}.
 *
 * <p>Prints {@code key=value} lines: the loss, the reference, the rows, the bytes the tasks spilled
 * (memory and disk), the largest peak execution memory of a task, the heap's maximum and its peak use,
 * and the executed plan's aggregate nodes.
 *
 * <p>Usage: {@code LargeLogitsRun ROWS CLASSES}.
 */
public final class LargeLogitsRun {
  private static final long SEED = 20261123L;

  private LargeLogitsRun() {}

  public static void main(String[] args) throws Exception {
    long rows = Long.parseLong(args[0]);
    int classes = Integer.parseInt(args[1]);
    SparkSession spark = SparkSession.builder()
        .master("local[2]")
        .appName("losseval large logits")
        .config("spark.ui.enabled", "false")
        .withExtensions(new LossSessionExtensions())
        .getOrCreate();
    TaskSpills spills = new TaskSpills();
    spark.sparkContext().addSparkListener(spills);

    StructType schema = new StructType()
        .add("label", DataTypes.IntegerType, false)
        .add("logits", DataTypes.createArrayType(DataTypes.FloatType, false), false)
        .add("reference", DataTypes.DoubleType, false);
    Dataset<Row> predictions = spark.range(0, rows)
        .mapPartitions(generator(classes), Encoders.row(schema));
    predictions.createOrReplaceTempView("predictions");

    Dataset<Row> result = spark.sql("SELECT cross_entropy(logits, label) AS loss, avg(reference) AS reference,"
        + " count(*) AS n FROM predictions");
    Row row = result.first();
    spark.sparkContext().listenerBus().waitUntilEmpty();

    String plan = result.queryExecution().executedPlan().toString();
    List<String> aggregates = new ArrayList<>();
    for (String name : List.of("ObjectHashAggregate", "SortAggregate", "LossAggregateOverBatches")) {
      if (plan.contains(name)) {
        aggregates.add(name);
      }
    }
    System.out.println("loss=" + row.getDouble(0));
    System.out.println("reference=" + row.getDouble(1));
    System.out.println("rows=" + row.getLong(2));
    System.out.println("tasks=" + spills.tasks.get());
    System.out.println("memoryBytesSpilled=" + spills.memory.get());
    System.out.println("diskBytesSpilled=" + spills.disk.get());
    System.out.println("peakExecutionMemory=" + spills.peakExecution.get());
    System.out.println("heapMax=" + Runtime.getRuntime().maxMemory());
    System.out.println("heapPeak=" + heapPeak());
    System.out.println("aggregates=" + String.join(",", aggregates));
    spark.stop();
  }

  /** Rows of a seeded generator per row id: label, logits uniform in [-4, 4), the reference loss. */
  private static MapPartitionsFunction<Long, Row> generator(int classes) {
    return ids -> new Iterator<>() {
      @Override
      public boolean hasNext() {
        return ids.hasNext();
      }

      @Override
      public Row next() {
        long id = ids.next();
        SplittableRandom random = new SplittableRandom(SEED + id);
        float[] logits = new float[classes];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          logits[c] = (float) (random.nextDouble() * 8 - 4);
          max = Math.max(max, logits[c]);
        }
        int label = random.nextInt(classes);
        double sum = 0;
        for (float x : logits) {
          sum += Math.exp(x - max);
        }
        double reference = max + Math.log(sum) - logits[label];
        return RowFactory.create(label, logits, reference);
      }
    };
  }

  /** The sum of the heap pools' peak use since the JVM started. */
  private static long heapPeak() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  /** Sums the finished tasks' spills and keeps the largest peak execution memory. */
  private static final class TaskSpills extends SparkListener {
    final AtomicLong tasks = new AtomicLong();
    final AtomicLong memory = new AtomicLong();
    final AtomicLong disk = new AtomicLong();
    final AtomicLong peakExecution = new AtomicLong();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (end.taskMetrics() == null) {
        return;
      }
      tasks.incrementAndGet();
      memory.addAndGet(end.taskMetrics().memoryBytesSpilled());
      disk.addAndGet(end.taskMetrics().diskBytesSpilled());
      peakExecution.accumulateAndGet(end.taskMetrics().peakExecutionMemory(), Math::max);
    }
  }
}
