package io.hashstream.bench.pipeline;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Gauge;

/**
 * How Flink's tasks spent their time between two moments: the difference of each subtask's
 * accumulated busy, back-pressured and idle milliseconds (the task metrics {@code
 * accumulateBusyTimeMs}, {@code accumulateBackPressuredTimeMs}, {@code accumulateIdleTimeMs}),
 * exact over any window, unlike the per-second views, which are refreshed every few seconds.
 */
final class TaskTimes {
  static final String[] METRICS = {
    "accumulateBusyTimeMs", "accumulateBackPressuredTimeMs", "accumulateIdleTimeMs"
  };

  /** Idle time falling by more than this means the counters restarted (busy time is derived and jitters). */
  private static final long RESTART_MS = 2_000;

  private final long nanos;
  private final Map<String, long[]> bySubtask; // "task#subtask" -> {busy, bp, idle}

  private TaskTimes(long nanos, Map<String, long[]> bySubtask) {
    this.nanos = nanos;
    this.bySubtask = bySubtask;
  }

  /** The accumulated times now. */
  static TaskTimes now() {
    Map<String, long[]> m = new HashMap<>();
    for (int i = 0; i < METRICS.length; i++) {
      for (var c : CapturedMetrics.find(METRICS[i])) {
        String task = c.variable("task_name");
        if (task != null && c.metric() instanceof Gauge<?> g && g.getValue() instanceof Number n) {
          m.computeIfAbsent(task + "#" + c.variable("subtask_index"), k -> new long[METRICS.length])[i] =
              n.longValue();
        }
      }
    }
    return new TaskTimes(System.nanoTime(), m);
  }

  /**
   * Per task name: busy, back-pressured and idle percent of the wall time since {@code earlier},
   * averaged over the task's subtasks (subtasks absent from either snapshot are left out).
   */
  Map<String, double[]> percentSince(TaskTimes earlier) {
    double wallMs = (nanos - earlier.nanos) / 1e6;
    Map<String, double[]> sums = new TreeMap<>();
    for (Map.Entry<String, long[]> e : bySubtask.entrySet()) {
      long[] before = earlier.bySubtask.get(e.getKey());
      if (before == null || wallMs <= 0 || e.getValue()[2] + RESTART_MS < before[2]) {
        continue; // absent then, or another job's subtask of the same name (counters restarted)
      }
      String task = e.getKey().substring(0, e.getKey().lastIndexOf('#'));
      double[] s = sums.computeIfAbsent(task, k -> new double[METRICS.length + 1]);
      for (int i = 0; i < METRICS.length; i++) {
        s[i] += 100.0 * (e.getValue()[i] - before[i]) / wallMs;
      }
      s[METRICS.length]++;
    }
    Map<String, double[]> out = new TreeMap<>();
    sums.forEach((task, s) -> {
      double[] avg = new double[METRICS.length];
      for (int i = 0; i < METRICS.length; i++) {
        avg[i] = s[i] / s[METRICS.length];
      }
      out.put(task, avg);
    });
    return out;
  }

  /** One line for progress output: "[task busy%, bp%] ...", long task names shortened. */
  static String line(Map<String, double[]> percent) {
    StringBuilder sb = new StringBuilder("busy/backpressured:");
    percent.forEach((task, v) -> sb.append(String.format(Locale.ROOT, " [%s %.0f%%/%.0f%%]",
        task.length() <= 40 ? task : task.substring(0, 37) + "...", v[0], v[1])));
    return sb.toString();
  }
}
