package io.hashstream.it.platform;

import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink environment integration tests run jobs in: a local MiniCluster with the RocksDB state
 * backend, checkpoints every 500 ms into {@code checkpointDir} (kept after tasks finish, so that
 * exactly-once Kafka sinks commit at the end of bounded jobs), parallelism 2, and no Kryo fallback.
 */
public final class FlinkEnvironments {
  private FlinkEnvironments() {}

  public static StreamExecutionEnvironment rocksDb(Path checkpointDir, int parallelism) {
    Configuration conf = new Configuration();
    conf.setString("state.backend.type", "rocksdb");
    conf.setString("state.backend.incremental", "true");
    conf.setString("execution.checkpointing.dir", checkpointDir.toUri().toString());
    conf.setString("execution.checkpointing.interval", "500ms");
    conf.setString("execution.checkpointing.checkpoints-after-tasks-finish", "true");
    conf.setString("pipeline.generic-types", "false");
    conf.setString("pipeline.auto-generate-uids", "false");
    conf.setString("taskmanager.numberOfTaskSlots", String.valueOf(parallelism));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    return env;
  }
}
