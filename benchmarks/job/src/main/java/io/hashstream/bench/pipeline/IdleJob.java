package io.hashstream.bench.pipeline;

import io.hashstream.flink.local.JobCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the job costs when nothing happens: the job run as {@code ./hashstream job} runs it, in a
 * JVM of its own (so the broker and this benchmark are not counted), left idle after it has
 * answered one upload and warmed up; then its CPU (the process's utime + stime from {@code /proc})
 * and the lines it logged over a measured window. The warm-up matters: the JIT compiles for
 * minutes after the start, and its compiler threads are most of an unwarmed idle job's CPU.
 */
final class IdleJob implements AutoCloseable {
  private static final long USER_HZ = 100;

  private final Process process;
  private final Path log;

  private IdleJob(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@link JobCli} with {@code settings} (every one passed as {@code --set}), from scratch,
   * on this JVM's class path and DJL settings; its output goes to {@code log}.
   */
  static IdleJob start(Map<String, String> settings, Path log, String heap) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    for (String p : List.of("ai.djl.offline", "ai.djl.pytorch.num_threads",
        "ai.djl.pytorch.num_interop_threads", "ENGINE_CACHE_DIR", "hashstream.repo.root")) {
      String v = System.getProperty(p);
      if (v != null) {
        command.add("-D" + p + "=" + v);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(JobCli.class.getName());
    command.add("--from-scratch");
    settings.forEach((k, v) -> command.add("--set=" + k + "=" + v));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().put("OMP_NUM_THREADS", "1");
    return new IdleJob(builder.start(), log);
  }

  /** Fails with the log's tail if the job process has exited. */
  void requireAlive() throws IOException {
    if (!process.isAlive()) {
      throw new IllegalStateException("the idle job exited (" + process.exitValue() + "):\n" + tail());
    }
  }

  /**
   * Measures the process over {@code window}: {@code cpu_cores} (CPU seconds per second), the
   * busiest thread groups (CPU seconds, JIT and RocksDB included), and {@code log_lines} written
   * meanwhile with the first few of them.
   */
  Map<String, Object> measure(Duration window) throws Exception {
    requireAlive();
    String pid = String.valueOf(process.pid());
    long linesBefore = lines().size();
    Map<String, long[]> threadsBefore = LoadSampler.osThreads(pid);
    long cpuBefore = processTicks(pid);
    long start = System.nanoTime();
    process.waitFor(window.toMillis(), TimeUnit.MILLISECONDS);
    requireAlive();
    long cpuAfter = processTicks(pid);
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, long[]> threadsAfter = LoadSampler.osThreads(pid);
    List<String> lines = lines();
    List<String> logged = lines.subList((int) Math.min(linesBefore, lines.size()), lines.size());

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seconds", JsonReport.round(seconds, 1));
    m.put("cpu_cores", JsonReport.round((cpuAfter - cpuBefore) / (double) USER_HZ / seconds, 4));
    m.put("os_thread_cpu_seconds_top", LoadSampler.osThreadTop(threadsBefore, threadsAfter, 12));
    m.put("log_lines", logged.size());
    m.put("log_first_lines", logged.subList(0, Math.min(5, logged.size())));
    return m;
  }

  /** The last lines of the job's log, for failure messages. */
  String tail() throws IOException {
    List<String> lines = lines();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  private List<String> lines() throws IOException {
    return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
  }

  /** utime + stime of the whole process (all threads, native ones included), in clock ticks. */
  private static long processTicks(String pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", pid, "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: the job cancels itself and its MiniCluster
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
