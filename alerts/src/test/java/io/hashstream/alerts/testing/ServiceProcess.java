package io.hashstream.alerts.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The moderation service in a child JVM, started the way {@code ./hashstream alerts} starts it (its
 * main class on the module's runtime classpath), so that a test can kill it without warning.
 */
public final class ServiceProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private ServiceProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code io.hashstream.alerts.AlertsApp} with {@code args}; output goes to {@code log}. */
  public static ServiceProcess start(Path log, List<String> args) {
    String classes = System.getProperty("hashstream.alerts.classes");
    String classpathFile = System.getProperty("hashstream.alerts.classpath.file");
    if (classes == null || classpathFile == null || !Files.exists(Path.of(classpathFile))) {
      throw new IllegalStateException(
          "run through 'mvn verify' (failsafe sets hashstream.alerts.classes and writes target/classpath.txt)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    try {
      command.add(classes + java.io.File.pathSeparator + Files.readString(Path.of(classpathFile)).trim());
      Files.createDirectories(log.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    command.add("io.hashstream.alerts.AlertsApp");
    command.addAll(args);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new ServiceProcess(p, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no commit, no flush. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("child JVM did not die; see " + log);
    }
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy(); // SIGTERM: the shutdown hook closes Kafka Streams cleanly
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
