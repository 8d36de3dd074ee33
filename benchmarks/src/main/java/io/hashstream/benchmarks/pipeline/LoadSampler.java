package io.hashstream.benchmarks.pipeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the time went during a measured window, for the bottleneck notes of a report:
 *
 * <ul>
 *   <li>per Flink task (averaged over its subtasks and over one-second samples): the share of time
 *       busy, back-pressured and idle (the tasks' {@code busyTimeMsPerSecond}, {@code
 *       backPressuredTimeMsPerSecond}, {@code idleTimeMsPerSecond});
 *   <li>CPU seconds per Java thread group of this JVM (the broker, the registry client, Flink's
 *       task threads, the inference batchers, the benchmark's own producer and consumers; RocksDB's
 *       native threads are not Java threads and show only in the process total);
 *   <li>CPU of this process and of the whole machine (from {@code /proc/stat}), so other work on
 *       the shared cores is visible.
 * </ul>
 */
final class LoadSampler implements AutoCloseable {
  private static final String[] TASK_GAUGES = {
    "busyTimeMsPerSecond", "backPressuredTimeMsPerSecond", "idleTimeMsPerSecond"
  };

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> threadCpuAtStart = new HashMap<>();
  private final long processCpuAtStart;
  private final long[] machineAtStart;
  private final long startNanos = System.nanoTime();
  private final Map<String, double[]> taskSums = new TreeMap<>(); // task -> {busy, bp, idle, n}
  private final Thread thread;
  private volatile boolean running = true;
  private Map<String, Object> result;

  LoadSampler() {
    for (long id : threads.getAllThreadIds()) {
      threadCpuAtStart.put(id, threads.getThreadCpuTime(id));
    }
    processCpuAtStart = processCpuNanos();
    machineAtStart = machineJiffies();
    thread = new Thread(this::run, "bench-load-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (running) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      sampleTasks();
    }
  }

  private synchronized void sampleTasks() {
    Map<String, double[]> now = new HashMap<>();
    for (int g = 0; g < TASK_GAUGES.length; g++) {
      for (var c : CapturedMetrics.find(TASK_GAUGES[g])) {
        String task = c.variable("task_name");
        if (task == null || !(c.metric() instanceof org.apache.flink.metrics.Gauge<?> gauge)) {
          continue;
        }
        Object v = gauge.getValue();
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
          continue;
        }
        String key = task + "#" + c.variable("subtask_index");
        now.computeIfAbsent(key, k -> new double[TASK_GAUGES.length])[g] = n.doubleValue();
      }
    }
    for (Map.Entry<String, double[]> e : now.entrySet()) {
      String task = e.getKey().substring(0, e.getKey().lastIndexOf('#'));
      double[] sum = taskSums.computeIfAbsent(task, k -> new double[TASK_GAUGES.length + 1]);
      for (int g = 0; g < TASK_GAUGES.length; g++) {
        sum[g] += e.getValue()[g];
      }
      sum[TASK_GAUGES.length]++;
    }
  }

  /** Stops and computes the figures (once). */
  @Override
  public synchronized void close() {
    if (result != null) {
      return;
    }
    running = false;
    thread.interrupt();
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seconds", JsonReport.round(seconds, 1));

    Map<String, Object> tasks = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : taskSums.entrySet()) {
      double[] s = e.getValue();
      double n = s[TASK_GAUGES.length];
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("busy_percent", JsonReport.round(s[0] / n / 10, 1));
      t.put("backpressured_percent", JsonReport.round(s[1] / n / 10, 1));
      t.put("idle_percent", JsonReport.round(s[2] / n / 10, 1));
      tasks.put(e.getKey(), t);
    }
    m.put("flink_tasks", tasks);

    Map<String, Double> groups = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = threads.getThreadCpuTime(info.getThreadId());
      if (cpu < 0) {
        continue;
      }
      long before = threadCpuAtStart.getOrDefault(info.getThreadId(), 0L);
      groups.merge(group(info.getThreadName()), (cpu - Math.max(0, before)) / 1e9, Double::sum);
    }
    List<Map.Entry<String, Double>> sorted = new ArrayList<>(groups.entrySet());
    sorted.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
    Map<String, Object> top = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(12, sorted.size()); i++) {
      top.put(sorted.get(i).getKey(), JsonReport.round(sorted.get(i).getValue(), 2));
    }
    m.put("jvm_thread_cpu_seconds_top", top);
    double process = (processCpuNanos() - processCpuAtStart) / 1e9;
    m.put("process_cpu_seconds", JsonReport.round(process, 1));
    m.put("process_cores_used", JsonReport.round(process / seconds, 2));
    long[] machineNow = machineJiffies();
    if (machineAtStart != null && machineNow != null) {
      double hz = 100.0; // USER_HZ on Linux
      double busy = (machineNow[0] - machineAtStart[0]) / hz;
      double all = (machineNow[1] - machineAtStart[1]) / hz;
      m.put("machine_cores_busy", JsonReport.round(busy / seconds, 2));
      m.put("machine_cores_busy_other_processes", JsonReport.round(Math.max(0, busy - process) / seconds, 2));
      m.put("machine_cpu_busy_percent", JsonReport.round(100 * busy / Math.max(all, 1e-9), 1));
    }
    result = m;
  }

  synchronized Map<String, Object> result() {
    close();
    return result;
  }

  /** A thread's group: its name with every run of digits replaced by {@code N}. */
  static String group(String threadName) {
    return threadName.replaceAll("[0-9]+", "N");
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  /** {busy, total} jiffies of all cores from /proc/stat, or null. */
  static long[] machineJiffies() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = cpu.trim().split("\\s+");
      long total = 0;
      long idle = 0;
      for (int i = 1; i < f.length; i++) {
        long v = Long.parseLong(f[i]);
        if (i <= 8) { // user nice system idle iowait irq softirq steal (guest is inside user)
          total += v;
        }
        if (i == 4 || i == 5) {
          idle += v;
        }
      }
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
