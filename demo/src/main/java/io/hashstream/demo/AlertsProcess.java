package io.hashstream.demo;

import io.hashstream.schemas.security.ClientConnection;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The moderation service ({@code alerts}) in a child JVM: Kafka Streams brings its own RocksDB
 * JNI, which must never share a classpath with Flink's, so the demo starts it as a separate process
 * on the alerts module's classpath (the launcher passes it in {@code hashstream.alerts.classpath}).
 * Its output goes to a log file. The integration tests start it the same way, with the classpath
 * the build wrote.
 */
public final class AlertsProcess implements AutoCloseable {
  static final String CLASSPATH_PROPERTY = "hashstream.alerts.classpath";
  private static final String MAIN = "io.hashstream.alerts.AlertsApp";

  private final Process process;
  private final int httpPort;
  private final Path log;
  private final String token;

  private AlertsProcess(Process process, int httpPort, Path log, String token) {
    this.process = process;
    this.httpPort = httpPort;
    this.log = log;
    this.token = token;
  }

  /**
   * Starts the service and waits until its HTTP API answers.
   *
   * @throws IllegalStateException if the classpath is unknown, or the service exits or does not
   *     answer within {@code timeout} (its log says why)
   */
  static AlertsProcess start(
      ClientConnection kafka, int httpPort, Path workDir, Duration timeout, boolean requireToken)
      throws IOException, InterruptedException {
    String classpath = System.getProperty(CLASSPATH_PROPERTY);
    if (classpath == null || classpath.isBlank()) {
      throw new IllegalStateException(
          "the alerts module's classpath is unknown: run the demo with ./hashstream demo (which"
              + " builds alerts and passes -D" + CLASSPATH_PROPERTY + "), or pass --no-alerts");
    }
    return start(classpath, kafka, httpPort, workDir, "hashstream-demo-alerts", timeout,
        requireToken);
  }

  /**
   * Starts the service on {@code classpath} (the alerts module's classes and runtime jars) and
   * waits until its HTTP API answers.
   *
   * @param applicationId its Kafka Streams application id (and so its internal topics' prefix)
   * @param requireToken whether the page and the API take an admin token (then {@link #token})
   * @throws IllegalStateException if the service exits or does not answer within {@code timeout}
   */
  public static AlertsProcess start(
      String classpath, ClientConnection kafka, int httpPort, Path workDir, String applicationId,
      Duration timeout, boolean requireToken) throws IOException, InterruptedException {
    Path log = workDir.resolve("alerts.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classpath);
    command.add(MAIN);
    String token = null;
    if (requireToken) {
      // an admin token for the page and the API; the file holds its sha256 only
      token = newToken();
      Path tokens = workDir.resolve("alerts-tokens");
      Files.writeString(tokens, "demo-moderator admin sha256:" + sha256Hex(token) + "\n");
      command.addAll(List.of("--tokens", tokens.toString()));
    }
    if (kafka.security().isSecured()) {
      Path clientConfig = workDir.resolve("alerts-client.properties");
      kafka.security().store(clientConfig);
      command.addAll(List.of("--client-config", clientConfig.toString()));
    }
    command.addAll(List.of(
        "--bootstrap-servers", kafka.bootstrapServers(),
        "--registry-url", kafka.registryUrl(),
        "--http-port", String.valueOf(httpPort),
        "--state-dir", workDir.resolve("alerts-state").toString(),
        "--application-id", applicationId));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    AlertsProcess alerts = new AlertsProcess(process, httpPort, log, token);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!alerts.answers()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the moderation service exited with " + process.exitValue() + "; see " + log);
      }
      if (System.nanoTime() > deadline) {
        alerts.close();
        throw new IllegalStateException(
            "the moderation service did not answer on port " + httpPort + " within " + timeout
                + "; see " + log);
      }
      Thread.sleep(250);
    }
    return alerts;
  }

  /** The live page's address; the API is under {@code api/v1/}. */
  public String pageUrl() {
    return "http://127.0.0.1:" + httpPort + "/";
  }

  /** Where its output goes. */
  public Path log() {
    return log;
  }

  /** The admin token of the page and the API, or null when the service asks for none. */
  String token() {
    return token;
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String sha256Hex(String token) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean answers() {
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create(pageUrl() + "api/v1/health").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(2000);
      int code = c.getResponseCode();
      c.disconnect();
      return code == 200;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
