package io.hashstream.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The few calls of Flink's REST API an operator makes on a session cluster, as the cluster tests
 * and the cluster benchmark make them: a job's state, waiting until it runs, stop with a savepoint,
 * cancel, its latest checkpoint, where its tasks run, one of its metrics.
 *
 * <p>JSON is read with the Jackson that Flink's runtime carries (shaded, already on this module's
 * class path): this module's class path is also the TaskManagers', and a second Jackson there
 * would sit beside the one in the job jar.
 */
public final class ClusterRest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** @param restAddress the JobManager's REST address, {@code host:port} */
  public ClusterRest(String restAddress) {
    this.base = "http://" + restAddress;
  }

  /**
   * A completed checkpoint or savepoint as the JobManager reports it.
   *
   * @param id its number
   * @param triggeredAtMillis when the JobManager triggered it (epoch millis)
   * @param stateSizeBytes the full size of the state it stands for (with the changelog backend:
   *     the materialized snapshot plus the change log since)
   * @param checkpointedSizeBytes what this checkpoint itself uploaded (incremental)
   * @param durationMillis trigger to the last acknowledgement
   * @param externalPath where it is stored
   */
  public record Checkpoint(long id, long triggeredAtMillis, long stateSizeBytes, long checkpointedSizeBytes,
      long durationMillis, String externalPath) {}

  /** The job's state, e.g. {@code RUNNING}. */
  public String state(String jobId) throws IOException, InterruptedException {
    return get("/jobs/" + jobId).path("state").asText();
  }

  /**
   * Waits until the job runs with every task running.
   *
   * @throws IllegalStateException with the job's details after {@code timeout}
   */
  public void awaitRunning(String jobId, Duration timeout) throws IOException, InterruptedException {
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
        throw new IllegalStateException("job " + jobId + " not running with all tasks after "
            + timeout + ": " + job);
      }
      Thread.sleep(200); // polling a REST endpoint: there is no event to wait on from outside
    }
  }

  /**
   * Stops the job with a savepoint in {@code dir} (no drain: the sources stop, the state is kept)
   * and returns the savepoint's location once it is complete.
   *
   * @throws IllegalStateException if the savepoint fails or is not done after {@code timeout}
   */
  public Path stopWithSavepoint(String jobId, Path dir, Duration timeout)
      throws IOException, InterruptedException {
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
          throw new IllegalStateException("savepoint of " + jobId + " failed: " + op);
        }
        return Path.of(URI.create(op.path("location").asText()));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("savepoint of " + jobId + " not done after " + timeout
            + ": " + status);
      }
      Thread.sleep(200);
    }
  }

  /** Cancels a job. */
  public void cancel(String jobId) throws IOException, InterruptedException {
    http.send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
        .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The job's latest completed checkpoint, if it has one ({@code /jobs/:id/checkpoints}). */
  public Optional<Checkpoint> latestCheckpoint(String jobId) throws IOException, InterruptedException {
    JsonNode c = get("/jobs/" + jobId + "/checkpoints").path("latest").path("completed");
    if (c.isMissingNode() || c.isNull()) {
      return Optional.empty();
    }
    return Optional.of(new Checkpoint(c.path("id").asLong(), c.path("trigger_timestamp").asLong(),
        c.path("state_size").asLong(),
        c.path("checkpointed_size").asLong(), c.path("end_to_end_duration").asLong(),
        c.path("external_path").asText()));
  }

  /** The ids of the TaskManagers that run one or more of the job's subtasks now. */
  public Set<String> taskManagersOf(String jobId) throws IOException, InterruptedException {
    Set<String> out = new TreeSet<>();
    for (JsonNode v : get("/jobs/" + jobId).path("vertices")) {
      for (JsonNode s : get("/jobs/" + jobId + "/vertices/" + v.path("id").asText()).path("subtasks")) {
        out.add(s.path("taskmanager-id").asText());
      }
    }
    return out;
  }

  /** A job-level metric's current value (e.g. {@code numRestarts}), if the job reports it. */
  public Optional<String> jobMetric(String jobId, String name) throws IOException, InterruptedException {
    for (JsonNode m : get("/jobs/" + jobId + "/metrics?get=" + name)) {
      if (name.equals(m.path("id").asText())) {
        return Optional.of(m.path("value").asText());
      }
    }
    return Optional.empty();
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .GET().build());
  }

  private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(request.method() + " " + request.uri() + ": "
          + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
