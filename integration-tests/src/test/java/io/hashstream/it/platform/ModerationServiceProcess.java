package io.hashstream.it.platform;

import io.hashstream.schemas.security.ClientConnection;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The moderation service ({@code ./hashstream alerts}) in a child JVM on the alerts module's
 * classpath: Kafka Streams' RocksDB must never share a JVM with Flink's, so the end-to-end tests
 * run it beside the job as a separate process, configured the way an operator configures it
 * (command-line options and a client settings file). Its output goes to a log file.
 */
public final class ModerationServiceProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int httpPort;

  private ModerationServiceProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /**
   * Starts the service against {@code kafka} (its security settings go to a {@code
   * --client-config} file in {@code dir}), with its own application id and state, on a free port.
   *
   * @param extraArgs further options, e.g. {@code --tokens FILE}
   * @throws IllegalStateException if the alerts module's classpath is unknown (run through {@code
   *     mvn verify}, whose failsafe configuration names it)
   */
  public static ModerationServiceProcess start(ClientConnection kafka, Path dir, List<String> extraArgs) {
    String classes = System.getProperty("hashstream.alerts.classes");
    String classpathFile = System.getProperty("hashstream.alerts.classpath.file");
    if (classes == null || classpathFile == null || !Files.exists(Path.of(classpathFile))) {
      throw new IllegalStateException("the alerts module's classpath is unknown: run through"
          + " 'mvn -pl integration-tests -am verify' (failsafe names alerts/target/classpath.txt)");
    }
    try {
      Files.createDirectories(dir);
      int port = freePort();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx384m");
      command.add("-Djava.awt.headless=true");
      command.add("-cp");
      command.add(classes + File.pathSeparator + Files.readString(Path.of(classpathFile)).trim());
      command.add("io.hashstream.alerts.AlertsApp");
      command.addAll(List.of(
          "--bootstrap-servers", kafka.bootstrapServers(),
          "--registry-url", kafka.registryUrl(),
          "--http-port", String.valueOf(port),
          "--state-dir", dir.resolve("state").toString(),
          "--application-id", "it-alerts-" + UUID.randomUUID().toString().substring(0, 8),
          "--commit-interval", "100ms"));
      if (kafka.security().isSecured()) {
        Path clientConfig = dir.resolve("client.properties");
        kafka.security().store(clientConfig);
        command.addAll(List.of("--client-config", clientConfig.toString()));
      }
      command.addAll(extraArgs);
      Path log = dir.resolve("alerts.log");
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new ModerationServiceProcess(p, log, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port of its look-up API and page on 127.0.0.1. */
  public int httpPort() {
    return httpPort;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** What it logged so far (for failure messages). */
  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy(); // SIGTERM: the shutdown hook closes Kafka Streams cleanly
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
