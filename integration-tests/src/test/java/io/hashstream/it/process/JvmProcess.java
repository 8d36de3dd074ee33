package io.hashstream.it.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A command line of the project run in a JVM of its own, on this test JVM's class path and DJL
 * settings, its output in a file: what a user runs with {@code ./hashstream}, so that tests can
 * kill it for real ({@link #kill()} is SIGKILL) and start it again.
 */
public final class JvmProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private JvmProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} with {@code args}.
   *
   * @param log where its stdout and stderr go (appended, so restarts keep one log)
   * @param heap its maximum heap, e.g. {@code 1g}
   */
  public static JvmProcess start(
      String mainClass, List<String> args, Path log, String heap, Map<String, String> properties)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    for (String p : List.of("ai.djl.offline", "ai.djl.pytorch.num_threads",
        "ai.djl.pytorch.num_interop_threads", "ENGINE_CACHE_DIR", "java.awt.headless")) {
      String v = System.getProperty(p);
      if (v != null) {
        command.add("-D" + p + "=" + v);
      }
    }
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("OMP_NUM_THREADS", "1");
    return new JvmProcess(builder.start(), log);
  }

  /**
   * Waits until the log holds {@code text} (counting from the start of the file), or fails after
   * {@code timeout} or when the process dies first, with the log's tail.
   */
  public void awaitLog(String text, int occurrences, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count(text) < occurrences) {
      if (!process.isAlive() && count(text) < occurrences) {
        throw new AssertionError("process exited (" + process.exitValue() + ") before logging '"
            + text + "':\n" + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no '" + text + "' in " + timeout + ":\n" + tail());
      }
      process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  /** SIGKILL: the JVM gets no chance to clean up, as with {@code kill -9}. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** The process's id. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines of the log, for failure messages. */
  public String tail() throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private int count(String text) throws IOException {
    if (!Files.exists(log)) {
      return 0;
    }
    String all = Files.readString(log, StandardCharsets.UTF_8);
    int n = 0;
    for (int at = all.indexOf(text); at >= 0; at = all.indexOf(text, at + 1)) {
      n++;
    }
    return n;
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
