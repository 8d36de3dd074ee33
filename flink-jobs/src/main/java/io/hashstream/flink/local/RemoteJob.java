package io.hashstream.flink.local;

import io.hashstream.flink.HashstreamJob;
import io.hashstream.flink.config.JobConfig;
import java.net.URL;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.RemoteStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job submitted to a running Flink session cluster through its REST API, as a jar: the job
 * graph is built here, the jar carries the user code to the TaskManagers (whose own class path
 * holds Flink, the state backends, DJL and its natives: see the cluster module).
 */
public final class RemoteJob {
  private RemoteJob() {}

  /**
   * Submits the job and returns its id once the cluster has accepted it.
   *
   * @param restoreFrom a checkpoint or savepoint to resume from, or null for empty state
   */
  public static String submit(JobConfig config, String host, int port, Path jar, Path restoreFrom)
      throws Exception {
    Configuration flink = HashstreamJob.flinkConfiguration(config);
    // the restored job owns the checkpoint from now on: the changelog backend cannot take the full
    // snapshot that NO_CLAIM would need first
    SavepointRestoreSettings restore = restoreFrom == null
        ? SavepointRestoreSettings.none()
        : SavepointRestoreSettings.forPath(restoreFrom.toUri().toString(), false, RecoveryClaimMode.CLAIM);
    StreamExecutionEnvironment env = new RemoteStreamEnvironment(
        host, port, flink, new String[] {jar.toString()}, new URL[0], restore);
    env.setParallelism(config.parallelism());
    HashstreamJob.addTo(env, config);
    JobClient client = env.executeAsync("hashstream");
    return client.getJobID().toString();
  }
}
