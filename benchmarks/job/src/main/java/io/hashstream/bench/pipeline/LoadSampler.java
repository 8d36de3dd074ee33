package io.hashstream.bench.pipeline;

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

/**
 * Where the time went during a measured window, for the bottleneck notes of a report:
 *
 * <ul>
 *   <li>per Flink task (averaged over its subtasks): the share of the window it was busy,
 *       back-pressured and idle ({@link TaskTimes});
 *   <li>CPU seconds per Java thread group of this JVM (the broker, the registry client, Flink's
 *       task threads, the inference batchers, the benchmark's own producer and consumers; RocksDB's
 *       native threads are not Java threads and show only in the process total);
 *   <li>CPU of this process and of the whole machine (from {@code /proc/stat}), so other work on
 *       the shared cores is visible.
 * </ul>
 */
final class LoadSampler implements AutoCloseable {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> threadCpuAtStart = new HashMap<>();
  private final long processCpuAtStart;
  private final long[] machineAtStart;
  private final long startNanos = System.nanoTime();
  private final TaskTimes tasksAtStart = TaskTimes.now();
  private final Map<String, long[]> osThreadsAtStart = osThreads();
  private final long gcMillisAtStart = gcMillis();
  private Map<String, Object> result;

  LoadSampler() {
    for (long id : threads.getAllThreadIds()) {
      threadCpuAtStart.put(id, threads.getThreadCpuTime(id));
    }
    processCpuAtStart = processCpuNanos();
    machineAtStart = machineJiffies();
  }

  /** Stops and computes the figures (once). */
  @Override
  public synchronized void close() {
    if (result != null) {
      return;
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seconds", JsonReport.round(seconds, 1));

    Map<String, Object> tasks = new LinkedHashMap<>();
    TaskTimes.now().percentSince(tasksAtStart).forEach((task, v) -> {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("busy_percent", JsonReport.round(v[0], 1));
      t.put("backpressured_percent", JsonReport.round(v[1], 1));
      t.put("idle_percent", JsonReport.round(v[2], 1));
      tasks.put(task, t);
    });
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
    m.put("os_thread_cpu_seconds_top", osThreadTop(osThreadsAtStart, osThreads(), 15));
    m.put("gc_seconds", JsonReport.round((gcMillis() - gcMillisAtStart) / 1000.0, 1));
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

  /**
   * CPU seconds per OS thread group of this process between two {@link #osThreads} snapshots: unlike
   * the JVM's view, this includes RocksDB's native threads ({@code rocksdb:*}), the garbage
   * collector and the JIT compilers. Names are the kernel's (15 characters at most).
   */
  static Map<String, Object> osThreadTop(Map<String, long[]> before, Map<String, long[]> after, int n) {
    Map<String, Double> groups = new HashMap<>();
    for (Map.Entry<String, long[]> e : after.entrySet()) {
      long[] b = before.get(e.getKey());
      long ticks = e.getValue()[0] - (b == null ? 0 : b[0]);
      String name = e.getKey().substring(e.getKey().indexOf(' ') + 1);
      groups.merge(group(name), ticks / 100.0, Double::sum); // USER_HZ = 100
    }
    List<Map.Entry<String, Double>> sorted = new ArrayList<>(groups.entrySet());
    sorted.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
    Map<String, Object> top = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(n, sorted.size()); i++) {
      top.put(sorted.get(i).getKey(), JsonReport.round(sorted.get(i).getValue(), 1));
    }
    return top;
  }

  /** "tid comm" → {utime + stime ticks} of every thread of this process now. */
  static Map<String, long[]> osThreads() {
    return osThreads("self");
  }

  /** "tid comm" → {utime + stime ticks} of every thread of process {@code pid} now. */
  static Map<String, long[]> osThreads(String pid) {
    Map<String, long[]> out = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc", pid, "task"))) {
      tasks.forEach(t -> {
        try {
          String stat = Files.readString(t.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String comm = stat.substring(open + 1, close);
          String[] f = stat.substring(close + 2).split(" ");
          long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
          out.put(t.getFileName() + " " + comm, new long[] {ticks});
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      });
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return out;
  }

  private static long gcMillis() {
    long sum = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
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
