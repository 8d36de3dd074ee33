package io.hashstream.demo;

import io.hashstream.flink.config.JobConfig;
import io.hashstream.flink.local.RemoteJob;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The demo's job on a Flink session cluster ({@code demo --cluster HOST:PORT}): submitted as the
 * job jar through the cluster's REST API, cancelled through it when the demo ends (the cluster
 * keeps running; the demo's checkpoints stay in its work folder).
 */
final class SubmittedJob implements AutoCloseable {
  /** Where {@code ./hashstream} puts the job jar flink-jobs builds. */
  static final String JAR_PROPERTY = "hashstream.job.jar";

  private final String restAddress;
  private final String jobId;

  private SubmittedJob(String restAddress, String jobId) {
    this.restAddress = restAddress;
    this.jobId = jobId;
  }

  /**
   * Submits the job.
   *
   * @param restAddress the cluster's REST {@code host:port}
   * @throws IllegalArgumentException if the address or the jar is missing (the message says what
   *     to do)
   */
  static SubmittedJob submit(JobConfig config, String restAddress) throws Exception {
    int colon = restAddress.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("--cluster takes HOST:PORT, got '" + restAddress + "'");
    }
    String jarSetting = System.getProperty(JAR_PROPERTY);
    Path jar = jarSetting == null || jarSetting.isBlank() ? null : Path.of(jarSetting);
    if (jar == null || !Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("no job jar (" + jar + "): run the demo with ./hashstream"
          + " demo, which builds it, or pass -D" + JAR_PROPERTY + "=FILE");
    }
    String id = RemoteJob.submit(config, restAddress.substring(0, colon),
        Integer.parseInt(restAddress.substring(colon + 1)), jar, null);
    System.out.println("    submitted job " + id + " to http://" + restAddress + "/#/job/running");
    return new SubmittedJob(restAddress, id);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
        HttpRequest.newBuilder(URI.create("http://" + restAddress + "/jobs/" + jobId + "?mode=cancel"))
            .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
  }
}
