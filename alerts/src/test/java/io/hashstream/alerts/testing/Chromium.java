package io.hashstream.alerts.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hashstream.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium driven over the DevTools protocol (the JDK's WebSocket client, no
 * WebDriver): navigate, evaluate JavaScript, and collect every console error, uncaught exception
 * and failed resource load the page produces.
 */
public final class Chromium implements AutoCloseable {
  /** Where Debian's {@code chromium} package installs the browser. */
  public static final Path BINARY = Path.of("/usr/bin/chromium");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private WebSocket socket; // set once, in launch, before any call
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();

  private Chromium(Process process) {
    this.process = process;
  }

  /** Starts a browser with a fresh profile in {@code profile} and attaches to its one page. */
  public static Chromium launch(Path profile, Path log) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      String port =
          Await.until("Chromium's DevTools port (see " + log + ")", TIMEOUT,
              () -> read(portFile), s -> s != null && s.contains("\n")).lines().findFirst().orElseThrow();
      String pageSocket =
          Await.until("Chromium's page target", TIMEOUT,
              () -> pageSocket(port), s -> s != null);
      Chromium browser = new Chromium(process);
      browser.socket =
          HttpClient.newHttpClient().newWebSocketBuilder()
              .connectTimeout(TIMEOUT)
              .buildAsync(URI.create(pageSocket), browser.listener())
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      for (String domain : List.of("Runtime", "Log", "Page")) {
        browser.call(domain + ".enable", JSON.createObjectNode());
      }
      return browser;
    } catch (Exception e) {
      process.destroyForcibly();
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot attach to Chromium: " + e, e);
    }
  }

  /** Loads {@code url} in the page. */
  public void navigate(String url) {
    ObjectNode params = JSON.createObjectNode().put("url", url);
    call("Page.navigate", params);
  }

  /** Evaluates {@code expression} in the page and returns its value (JSON-serialisable). */
  public JsonNode evaluate(String expression) {
    ObjectNode params = JSON.createObjectNode().put("expression", expression).put("returnByValue", true);
    JsonNode result = call("Runtime.evaluate", params);
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("page threw: " + result.path("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Console errors, uncaught exceptions and failed loads seen so far. */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  private JsonNode call(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    try {
      socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      JsonNode reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (reply.has("error")) {
        throw new IllegalStateException(method + " failed: " + reply.path("error"));
      }
      return reply.path("result");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("DevTools call " + method + " failed: " + e, e);
    }
  }

  private void onMessage(JsonNode m) {
    if (m.has("id")) {
      CompletableFuture<JsonNode> answer = pending.remove(m.path("id").asInt());
      if (answer != null) {
        answer.complete(m);
      }
      return;
    }
    JsonNode p = m.path("params");
    switch (m.path("method").asText()) {
      case "Runtime.consoleAPICalled" -> {
        String type = p.path("type").asText();
        if (type.equals("error") || type.equals("assert")) {
          errors.add("console." + type + ": " + p.path("args"));
        }
      }
      case "Runtime.exceptionThrown" -> errors.add("uncaught: " + p.path("exceptionDetails"));
      case "Log.entryAdded" -> {
        if (p.path("entry").path("level").asText().equals("error")) {
          errors.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
        }
      }
      default -> {}
    }
  }

  private WebSocket.Listener listener() {
    StringBuilder frame = new StringBuilder();
    return new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        frame.append(data);
        if (last) {
          try {
            onMessage(JSON.readTree(frame.toString()));
          } catch (IOException e) {
            errors.add("unreadable DevTools message: " + e);
          }
          frame.setLength(0);
        }
        ws.request(1);
        return null;
      }
    };
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String pageSocket(String port) {
    Http.Answer targets = Http.get("http://127.0.0.1:" + port + "/json/list");
    if (targets.status() != 200) {
      return null;
    }
    for (JsonNode t : targets.json()) {
      if (t.path("type").asText().equals("page")) {
        return t.path("webSocketDebuggerUrl").asText();
      }
    }
    return null;
  }

  @Override
  public void close() throws InterruptedException {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    } catch (RuntimeException e) {
      // the browser may already be gone
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
