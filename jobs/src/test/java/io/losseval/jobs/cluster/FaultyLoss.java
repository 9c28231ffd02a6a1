package io.losseval.jobs.cluster;

import io.losseval.core.Reduction;
import io.losseval.core.RowView;
import io.losseval.core.SampleLoss;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;
import org.apache.spark.util.TaskFailureListener;

/**
 * A test-only custom loss, {@code (input - target)^2} per row, that injects faults into the tasks computing
 * it, as Spark settings given to {@code spark-submit --conf} ask (read on the executor; with none it is a
 * plain loss, as in local mode). Shipped to the executors in a small jar with {@code --jars}. At the first
 * row of each task attempt it:
 *
 * <ul>
 *   <li>{@value #MARKERS} {@code DIR}: writes {@code DIR/start-<attempt>} and, when the attempt ends
 *       without failing, {@code DIR/done-<attempt>} ({@code <attempt>} is {@code
 *       s<stage>-p<partition>-a<attempt number>-t<task id>-pid<executor's process id>});
 *   <li>{@value #SLEEP} {@code N}: sleeps N ms;
 *   <li>{@value #STRAGGLER} {@code P:N}: the first attempt of partition P sleeps N ms more;
 *   <li>{@value #FAIL_ONCE} {@code P}: the first attempt of partition P throws;
 *   <li>{@value #FAIL_ALWAYS} {@code P}: every attempt of partition P throws.
 * </ul>
 *
 * <p>"First" is across executors: claimed by creating a file in the markers directory (one machine).
 */
public final class FaultyLoss extends SampleLoss {
  static final String MARKERS = "spark.losseval.test.markers";
  static final String SLEEP = "spark.losseval.test.sleepMillis";
  static final String STRAGGLER = "spark.losseval.test.straggler";
  static final String FAIL_ONCE = "spark.losseval.test.failOnce";
  static final String FAIL_ALWAYS = "spark.losseval.test.failAlways";

  private static final Set<Long> STARTED = ConcurrentHashMap.newKeySet();

  public FaultyLoss(Reduction reduction) {
    super("faulty_squared_error", reduction, List.of("input", "target"));
  }

  @Override
  protected double sampleLoss(RowView row) {
    TaskContext task = TaskContext.get();
    if (task != null && STARTED.add(task.taskAttemptId())) {
      onTaskStart(task);
    }
    double d = row.scalar(0) - row.scalar(1);
    return d * d;
  }

  private static void onTaskStart(TaskContext task) {
    SparkConf conf = SparkEnv.get() == null ? null : SparkEnv.get().conf();
    if (conf == null || !conf.contains(MARKERS)) {
      return;
    }
    Path markers = Path.of(conf.get(MARKERS));
    int partition = task.partitionId();
    String id = "s" + task.stageId() + "-p" + partition + "-a" + task.attemptNumber() + "-t"
        + task.taskAttemptId() + "-pid" + ProcessHandle.current().pid();
    touch(markers.resolve("start-" + id));
    AtomicBoolean failed = new AtomicBoolean();
    task.addTaskFailureListener(new TaskFailureListener() {
      @Override
      public void onTaskFailure(TaskContext context, Throwable error) {
        failed.set(true);
      }
    });
    task.addTaskCompletionListener(new TaskCompletionListener() {
      @Override
      public void onTaskCompletion(TaskContext context) {
        if (!failed.get() && !context.isInterrupted()) {
          touch(markers.resolve("done-" + id));
        }
      }
    });
    if (partition == conf.getInt(FAIL_ALWAYS, -1)) {
      throw new IllegalStateException("injected fault: partition " + partition + " always fails");
    }
    if (partition == conf.getInt(FAIL_ONCE, -1) && claim(markers.resolve("failed-once-p" + partition))) {
      throw new IllegalStateException("injected fault: partition " + partition + " fails its first attempt");
    }
    long sleep = conf.getLong(SLEEP, 0);
    String[] straggler = conf.get(STRAGGLER, "").split(":");
    if (straggler.length == 2 && partition == Integer.parseInt(straggler[0])
        && claim(markers.resolve("straggled-p" + partition))) {
      sleep += Long.parseLong(straggler[1]);
    }
    if (sleep > 0) {
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted (killed by Spark)", e);
      }
    }
  }

  private static boolean claim(Path file) {
    try {
      Files.createFile(file);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void touch(Path file) {
    try {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      // written already
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
