package io.hashstream.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real schema registry (Apicurio Registry, in-memory storage) in a child JVM, bound to {@link
 * PlatformConfig#HOST}, serving the Confluent-compatible API at {@link #confluentApiUrl()}.
 *
 * <p>It runs as a separate process because it is a Quarkus application with its own large
 * classpath. The child is killed on {@link #close()} and, as a safety net, when this JVM exits.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final Process process;
  private final int port;
  private final Path logFile;
  private final Thread killOnExit;

  private EmbeddedSchemaRegistry(Process process, int port, Path logFile) {
    this.process = process;
    this.port = port;
    this.logFile = logFile;
    this.killOnExit = new Thread(process::destroyForcibly, "kill-schema-registry");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Launches the registry without waiting for it; call {@link #awaitReady(Duration)} next. Split
   * in two so that the broker can start while the registry boots.
   */
  public static EmbeddedSchemaRegistry launch(int requestedPort, Path registryHome, Path workDir) {
    Path jar = RegistryDistribution.runnerJar(registryHome);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    int javaVersion = Runtime.version().feature();
    if (javaVersion < RegistryDistribution.MIN_JAVA) {
      throw new PlatformException(
          PlatformException.Problem.JAVA_TOO_OLD,
          "the schema registry needs Java " + RegistryDistribution.MIN_JAVA + "+, this is Java "
              + javaVersion + " (" + java + "). Install openjdk-17-jdk and set JAVA_HOME.");
    }
    int port = Ports.claim("Schema registry", requestedPort, "--registry-port");
    Path logFile = workDir.resolve("schema-registry.log");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("-Xmx384m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dquarkus.http.host=" + PlatformConfig.HOST);
    command.add("-Dquarkus.http.port=" + port);
    // Quarkus' management interface would bind 0.0.0.0:9000; keep it on loopback, on a free port
    command.add("-Dquarkus.management.host=" + PlatformConfig.HOST);
    command.add("-Dquarkus.management.port=" + Ports.claim("Registry management", 0, "(none)"));
    command.add("-Dquarkus.log.console.level=WARN");
    command.add("-Dquarkus.banner.enabled=false");
    command.add("-Dregistry.ccompat.legacy-id-mode.enabled=false");
    command.add("-jar");
    command.add(jar.toString());
    try {
      Files.createDirectories(workDir);
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(logFile.toFile())
              .start();
      LOG.info("Schema registry starting on {}:{} (log: {})", PlatformConfig.HOST, port, logFile);
      return new EmbeddedSchemaRegistry(process, port, logFile);
    } catch (IOException e) {
      throw new PlatformException(
          PlatformException.Problem.STARTUP_FAILED, "cannot start " + command + ": " + e, e);
    }
  }

  /** Polls the API until it answers 200, the process dies, or {@code timeout} passes. */
  public EmbeddedSchemaRegistry awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(confluentApiUrl() + "/subjects"))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (!process.isAlive()) {
        throw new PlatformException(
            PlatformException.Problem.STARTUP_FAILED,
            "schema registry exited with code " + process.exitValue() + " while starting. Last"
                + " lines of " + logFile + ":\n" + tail());
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          LOG.info("Schema registry ready at {}", confluentApiUrl());
          return this;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new PlatformException(
            PlatformException.Problem.STARTUP_FAILED, "interrupted while waiting", e);
      }
      try {
        Thread.sleep(POLL.toMillis()); // polling a child process: there is no signal to wait on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new PlatformException(
            PlatformException.Problem.STARTUP_FAILED, "interrupted while waiting", e);
      }
    }
    close();
    throw new PlatformException(
        PlatformException.Problem.STARTUP_TIMEOUT,
        "schema registry did not answer on " + confluentApiUrl() + " within " + timeout
            + " (a slow machine? raise --timeout). Last lines of " + logFile + ":\n" + tail());
  }

  /** The Confluent-compatible API root, e.g. {@code http://127.0.0.1:18081/apis/ccompat/v7}. */
  public String confluentApiUrl() {
    return PlatformConfig.registryUrl(port);
  }

  public int port() {
    return port;
  }

  public Path logFile() {
    return logFile;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
