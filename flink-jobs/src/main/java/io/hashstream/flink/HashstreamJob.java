package io.hashstream.flink;

import io.hashstream.flink.config.JobConfig;
import io.hashstream.flink.kafka.KafkaSinks;
import io.hashstream.flink.kafka.KafkaSources;
import io.hashstream.flink.model.ModelReference;
import io.hashstream.flink.swap.ControlMessage;
import io.hashstream.flink.swap.SwapClock;
import io.hashstream.flink.swap.SwapTicker;
import io.hashstream.flink.topology.OperatorIds;
import io.hashstream.schemas.registry.RegistrySupplier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The streaming job with Kafka in and out: {@link HashstreamPipeline} between {@link KafkaSources}
 * and {@link KafkaSinks}, and the Flink settings it runs with (RocksDB, exactly-once checkpoints,
 * restarts). {@link #main} is the entry point of the job jar on a Flink cluster; {@code
 * ./hashstream job} runs the same job on a local MiniCluster ({@code io.hashstream.flink.local}).
 */
public final class HashstreamJob {
  private HashstreamJob() {}

  /**
   * Runs the job on the Flink cluster it was submitted to. Arguments: {@code --config FILE} (a
   * properties file over the documented defaults) and any number of {@code --set KEY=VALUE}.
   */
  public static void main(String[] args) throws Exception {
    JobConfig config = parse(args);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
    env.setParallelism(config.parallelism());
    addTo(env, config);
    env.execute("hashstream");
  }

  /** The job's configuration from command-line arguments (see {@link #main}). */
  static JobConfig parse(String[] args) {
    JobConfig config = JobConfig.defaults();
    Map<String, String> settings = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String arg = rest.remove(0);
      if (rest.isEmpty()) {
        throw new IllegalArgumentException(arg + " needs a value; usage: [--config FILE] [--set KEY=VALUE]...");
      }
      String value = rest.remove(0);
      switch (arg) {
        case "--config" -> config = JobConfig.load(Path.of(value));
        case "--set" -> {
          int eq = value.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--set takes KEY=VALUE, got '" + value + "'");
          }
          settings.put(value.substring(0, eq), value.substring(eq + 1));
        }
        default -> throw new IllegalArgumentException(
            "unknown argument " + arg + "; usage: [--config FILE] [--set KEY=VALUE]...");
      }
    }
    return config.with(settings);
  }

  /**
   * Adds the job to {@code env}: Kafka sources and sinks of {@code config}'s topics around the
   * pipeline. Resolves the initial model now, on the client.
   */
  public static void addTo(StreamExecutionEnvironment env, JobConfig config) {
    RegistrySupplier registry = config.registry();
    HashstreamPipeline.build(
        config,
        ModelReference.initial(config.initialModel(), config.initialModelSha256()),
        registry,
        KafkaSources.images(env, config),
        KafkaSources.control(env, config),
        ticks(env, config),
        KafkaSources.bankSignals(env, config),
        KafkaSinks.of(config, registry),
        SwapClock.system());
  }

  /** The swap ticker: one tick per {@code swap.rehash-pause}, parallelism 1. */
  public static DataStream<ControlMessage> ticks(StreamExecutionEnvironment env, JobConfig config) {
    return env.fromSource(SwapTicker.source(config.rehashPause()), WatermarkStrategy.noWatermarks(),
            OperatorIds.SWAP_TICKS)
        .uid(OperatorIds.SWAP_TICKS)
        .setParallelism(1);
  }

  /**
   * The job's own endpoints, when it runs on its own (a MiniCluster): the REST endpoint and web
   * UI, the blob server and RPC listen on {@code bindAddress} (loopback by default), and the web
   * UI's cancel, rescale and jar-submit features are off. On a cluster these are the cluster's
   * settings (flink-jobs/README.md); Flink 2.2's REST API itself has no authentication and still
   * accepts {@code PATCH /jobs/:id?mode=cancel} from whoever reaches it, so reaching it is what must
   * be prevented (SECURITY.md).
   */
  static void endpoints(Configuration conf, String bindAddress) {
    conf.setString("rest.bind-address", bindAddress);
    conf.setString("rest.address", bindAddress);
    conf.setString("jobmanager.bind-host", bindAddress);
    conf.setString("taskmanager.bind-host", bindAddress);
    conf.setString("web.cancel.enable", "false");
    conf.setString("web.rescale.enable", "false");
    conf.setString("web.submit.enable", "false");
  }

  /** A Flink configuration with the job's runtime settings (RocksDB, checkpoints, restarts). */
  public static Configuration flinkConfiguration(JobConfig config) {
    Configuration conf = new Configuration();
    conf.setString("state.backend.type", "rocksdb");
    conf.setString("execution.checkpointing.incremental", "true");
    conf.setString("execution.checkpointing.dir", config.checkpointDir());
    conf.setString("execution.checkpointing.interval", config.checkpointInterval().toMillis() + "ms");
    conf.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
    // keep the last checkpoint when the job is cancelled or fails for good: a restart resumes from
    // it (./hashstream job does so by itself) instead of replaying its inputs into an empty index
    conf.setString("execution.checkpointing.externalized-checkpoint-retention",
        "RETAIN_ON_CANCELLATION");
    if (config.changelog()) {
      // a checkpoint then uploads the state changes since the last one; RocksDB's own flush and
      // snapshot (43% of the match thread at 500 ms checkpoints) happen once per materialization
      conf.setString("state.changelog.enabled", "true");
      conf.setString("state.changelog.storage", "filesystem");
      conf.setString("state.changelog.dstl.dfs.base-path", config.changelogDir());
      conf.setString("state.changelog.periodic-materialize.interval",
          config.materializationInterval().toMillis() + "ms");
    }
    // a checkpoint waits for the slice of re-hash in progress (at most swap.rehash-slice) and for
    // inference in flight; generous, so a saturated machine never fails checkpoints in a loop
    conf.setString("execution.checkpointing.timeout", "60min");
    conf.setString("execution.checkpointing.tolerable-failed-checkpoints", "3");
    conf.setString("restart-strategy.type", "exponential-delay");
    conf.setString("restart-strategy.exponential-delay.initial-backoff", "500ms");
    conf.setString("restart-strategy.exponential-delay.max-backoff", "10s");
    conf.setString("pipeline.generic-types", "false");
    conf.setString("pipeline.auto-generate-uids", "false");
    conf.setString("taskmanager.numberOfTaskSlots", String.valueOf(config.parallelism()));
    endpoints(conf, config.endpointsBindAddress());
    return conf;
  }

}
