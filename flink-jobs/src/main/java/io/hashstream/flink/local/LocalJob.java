package io.hashstream.flink.local;

import io.hashstream.flink.HashstreamJob;
import io.hashstream.flink.config.JobConfig;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The streaming job on a Flink MiniCluster inside this JVM (RocksDB, checkpoints, exactly-once
 * sinks: everything a cluster deployment has but the cluster). What {@code ./hashstream job} and
 * {@code ./hashstream demo} run. Closing cancels the job.
 */
public final class LocalJob implements AutoCloseable {
  private final JobClient client;

  private LocalJob(JobClient client) {
    this.client = client;
  }

  /** Submits the job with empty state (it starts consuming a moment later). */
  public static LocalJob start(JobConfig config, String name) throws Exception {
    return start(config, name, null);
  }

  /**
   * Submits the job, restored from a checkpoint or savepoint when {@code restoreFrom} is given
   * (its directory or {@code _metadata} file): its index, its offsets in the input topics and its
   * open transactions, so nothing is read or written twice.
   */
  public static LocalJob start(JobConfig config, String name, Path restoreFrom) throws Exception {
    Configuration flink = HashstreamJob.flinkConfiguration(config);
    if (restoreFrom != null) {
      flink.setString("execution.state-recovery.path", restoreFrom.toUri().toString());
      // the restored job owns the checkpoint from now on (and deletes it once a newer one exists)
      flink.setString("execution.state-recovery.claim-mode", "CLAIM");
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
    env.setParallelism(config.parallelism());
    HashstreamJob.addTo(env, config);
    return new LocalJob(env.executeAsync(name));
  }

  public JobClient client() {
    return client;
  }

  /** Blocks until the job ends (it runs until cancelled or it fails beyond its restart strategy). */
  public void awaitTermination() throws Exception {
    client.getJobExecutionResult().get();
  }

  @Override
  public void close() throws Exception {
    try {
      client.cancel().get();
    } catch (Exception e) {
      // already finished or failed: nothing to cancel
    }
  }
}
