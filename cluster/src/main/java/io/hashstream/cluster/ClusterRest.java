package io.hashstream.it.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** The few calls of Flink's REST API the cluster tests make, as an operator would. */
final class ClusterRest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final HttpClient http = HttpClient.newHttpClient();

  ClusterRest(String restAddress) {
    this.base = "http://" + restAddress;
  }

  /** The job's state, e.g. {@code RUNNING}. */
  String state(String jobId) throws Exception {
    return get("/jobs/" + jobId).path("state").asText();
  }

  /** Waits until the job runs with every task running. */
  void awaitRunning(String jobId, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode job = get("/jobs/" + jobId);
      boolean allRunning = job.path("vertices").size() > 0;
      for (JsonNode v : job.path("vertices")) {
        allRunning &= "RUNNING".equals(v.path("status").asText());
      }
      if ("RUNNING".equals(job.path("state").asText()) && allRunning) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job " + jobId + " not running with all tasks: " + job);
      }
      Thread.sleep(200); // polling a REST endpoint: there is no event to wait on from outside
    }
  }

  /**
   * Stops the job with a savepoint in {@code dir} (no drain: the sources stop, the state is
   * kept) and returns the savepoint's location once it is complete.
   */
  Path stopWithSavepoint(String jobId, Path dir, Duration timeout) throws Exception {
    String body = "{\"targetDirectory\":\"" + dir.toUri() + "\",\"drain\":false}";
    JsonNode trigger = send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "/stop"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    String request = trigger.path("request-id").asText();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode status = get("/jobs/" + jobId + "/savepoints/" + request);
      if ("COMPLETED".equals(status.path("status").path("id").asText())) {
        JsonNode op = status.path("operation");
        if (op.has("failure-cause")) {
          throw new AssertionError("savepoint failed: " + op);
        }
        return Path.of(URI.create(op.path("location").asText()));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("savepoint of " + jobId + " not done: " + status);
      }
      Thread.sleep(200);
    }
  }

  /** Cancels a job (test clean-up). */
  void cancel(String jobId) throws Exception {
    http.send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
        .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
  }

  private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new AssertionError(request.method() + " " + request.uri() + ": " + r.statusCode()
          + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

}
