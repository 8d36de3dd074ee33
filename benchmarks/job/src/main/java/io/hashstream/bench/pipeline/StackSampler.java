package io.hashstream.bench.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A poor man's profiler for the bottleneck notes: every 50 ms it takes the stacks of the threads
 * whose names start with a prefix (the match operator's task threads) and counts, per sample, the
 * innermost frame that belongs to hashstream, RocksDB, the Kafka client or Flink's state and sink
 * code, with the thread's state. Shares of samples say where a busy task spends its wall time
 * (RUNNABLE includes waiting for a core on a loaded machine).
 */
final class StackSampler implements AutoCloseable {
  private static final String[] INTERESTING = {
    "org.rocksdb.", "org.apache.kafka.clients.producer.", "org.apache.flink.connector.kafka.sink.",
    "org.apache.flink.contrib.streaming.state.", "org.apache.flink.state.rocksdb.",
    "io.hashstream.", "org.apache.flink.runtime.io.network.", "org.apache.flink.formats.avro.",
    "org.apache.avro."
  };

  private final String prefix;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<String, Integer> counts = new HashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private int samples;

  StackSampler(String threadNamePrefix) {
    this.prefix = threadNamePrefix;
    thread = new Thread(this::run, "bench-stack-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long[] ids = new long[0];
    long found = 0;
    while (running) {
      if (System.nanoTime() - found > 2_000_000_000L) {
        ids = matchingThreads();
        found = System.nanoTime();
      }
      sample(ids);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private long[] matchingThreads() {
    List<Long> ids = new ArrayList<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(prefix)) {
        ids.add(info.getThreadId());
      }
    }
    return ids.stream().mapToLong(Long::longValue).toArray();
  }

  private void sample(long[] ids) {
    if (ids.length == 0) {
      return;
    }
    for (ThreadInfo info : threads.getThreadInfo(ids, 64)) {
      if (info == null) {
        continue;
      }
      String key = info.getThreadState() + " " + frame(info.getStackTrace());
      synchronized (this) {
        counts.merge(key, 1, Integer::sum);
        samples++;
      }
    }
  }

  static String frame(StackTraceElement[] stack) {
    for (StackTraceElement e : stack) {
      for (String p : INTERESTING) {
        if (e.getClassName().startsWith(p)) {
          String cls = e.getClassName().substring(e.getClassName().lastIndexOf('.') + 1);
          return cls + "." + e.getMethodName();
        }
      }
    }
    return stack.length == 0 ? "(no stack)" : stack[0].getClassName() + "." + stack[0].getMethodName();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(2_000);
  }

  /** The most frequent frames, as percent of samples. */
  synchronized Map<String, Object> top(int n) {
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort((a, b) -> b.getValue() - a.getValue());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("thread_samples", samples);
    for (int i = 0; i < Math.min(n, sorted.size()); i++) {
      m.put(sorted.get(i).getKey(), JsonReport.round(100.0 * sorted.get(i).getValue() / Math.max(1, samples), 1));
    }
    return m;
  }
}
