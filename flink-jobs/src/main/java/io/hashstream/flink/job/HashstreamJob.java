package io.hashstream.flink.job;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.flink.function.DecodeFunction;
import io.hashstream.flink.inference.HashedUpload;
import io.hashstream.flink.inference.InferenceFunction;
import io.hashstream.flink.ingest.IngestFunction;
import io.hashstream.flink.ingest.PendingUpload;
import io.hashstream.flink.ingest.UploadCheck;
import io.hashstream.flink.matching.MatchFunction;
import io.hashstream.flink.model.ModelReference;
import io.hashstream.flink.serde.RawKafkaRecord;
import io.hashstream.flink.serde.RawKafkaRecordDeserializationSchema;
import io.hashstream.flink.swap.ControlDecodeFunction;
import io.hashstream.flink.swap.ControlMessage;
import io.hashstream.flink.swap.SwapCoordinator;
import io.hashstream.flink.swap.SwapTicker;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.HashCode;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.registry.RegistrySupplier;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The streaming job's topology:
 *
 * <pre>
 * images ─► ingest ─► inference (async, micro-batched) ─► keyBy(tenant) ─► match ─► near-duplicates
 *             │                                              ▲      │  ├─► hash-codes
 *             └─► dead-letters ◄─────────────────────────────┼──────┘  └─► swap-ready ─► coordinator ─┐
 * hashcoder-control ─► decode ─► broadcast ──────────────────┘                                       │
 *        ▲                                                                                            │
 *        └──────────────────────────────── ACTIVATE ◄────────────────────────────────────────────────┘
 * </pre>
 *
 * Operator uids are constants (savepoints depend on them; never change one). Every output but the
 * job's own ACTIVATE messages is written exactly once.
 */
public final class HashstreamJob {
  /** Operator uids: part of savepoint compatibility. */
  public static final String UID_IMAGES = "source-images";
  public static final String UID_CONTROL = "source-control";
  public static final String UID_MATCH = "match";

  private final JobConfig config;
  private final ModelReference initialModel;
  private UnaryOperator<DataStream<HashedUpload>> beforeMatch = UnaryOperator.identity();

  private HashstreamJob(JobConfig config, ModelReference initialModel) {
    this.config = config;
    this.initialModel = initialModel;
  }

  /** The job for a configuration (resolves the initial model now, on the client). */
  public static HashstreamJob of(JobConfig config) {
    return new HashstreamJob(config, config.initialModel());
  }

  /**
   * Inserts a step between inference and matching. For fault-injection tests (a step that throws
   * once proves recovery); production jobs do not use it.
   */
  public HashstreamJob beforeMatch(UnaryOperator<DataStream<HashedUpload>> step) {
    this.beforeMatch = step;
    return this;
  }

  /** A Flink configuration with the job's runtime settings (RocksDB, checkpoints, restarts). */
  public static Configuration flinkConfiguration(JobConfig config) {
    Configuration conf = new Configuration();
    conf.setString("state.backend.type", "rocksdb");
    conf.setString("execution.checkpointing.incremental", "true");
    conf.setString("execution.checkpointing.dir", config.checkpointDir());
    conf.setString("execution.checkpointing.interval", config.checkpointInterval().toMillis() + "ms");
    conf.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
    if (config.changelog()) {
      // a checkpoint then uploads the state changes since the last one; RocksDB's own flush and
      // snapshot (43% of the match thread at 500 ms checkpoints) happen once per materialization
      conf.setString("state.changelog.enabled", "true");
      conf.setString("state.changelog.storage", "filesystem");
      conf.setString("state.changelog.dstl.dfs.base-path", config.changelogDir());
      conf.setString("state.changelog.periodic-materialize.interval",
          config.materializationInterval().toMillis() + "ms");
    }
    // a hot swap re-hashes a subtask's whole index in one step and holds its checkpoint meanwhile:
    // a timeout shorter than the swap would restart the job and the swap with it, forever
    conf.setString("execution.checkpointing.timeout", "60min");
    conf.setString("execution.checkpointing.tolerable-failed-checkpoints", "3");
    conf.setString("restart-strategy.type", "exponential-delay");
    conf.setString("restart-strategy.exponential-delay.initial-backoff", "500ms");
    conf.setString("restart-strategy.exponential-delay.max-backoff", "10s");
    conf.setString("pipeline.generic-types", "false");
    conf.setString("pipeline.auto-generate-uids", "false");
    conf.setString("taskmanager.numberOfTaskSlots", String.valueOf(config.parallelism()));
    return conf;
  }

  /** Adds the job's operators to {@code env}. */
  public void addTo(StreamExecutionEnvironment env) {
    RegistrySupplier registry = RegistrySupplier.http(config.registryUrl());
    UploadCheck check =
        new UploadCheck(BundledEncoder.ENCODER_ID, BundledEncoder.EMBEDDING_SIZE, config.maxImageBytes());

    SingleOutputStreamOperator<PendingUpload> pending =
        env.fromSource(source(config.imagesTopic()), WatermarkStrategy.noWatermarks(), "images")
            .uid(UID_IMAGES)
            .process(new IngestFunction(registry, config.maxRecordBytes(), check))
            .uid("ingest")
            .name("ingest");

    SingleOutputStreamOperator<ControlMessage> control =
        env.fromSource(source(config.controlTopic()), WatermarkStrategy.noWatermarks(), "control")
            .uid(UID_CONTROL)
            .setParallelism(1)
            .process(new ControlDecodeFunction(registry, config.maxRecordBytes()))
            .uid("control-decode")
            .name("control-decode")
            .setParallelism(1);
    BroadcastStream<ControlMessage> models =
        control.union(SwapTicker.ticks(env, config.rehashPause())).broadcast(MatchFunction.MODEL_SLOTS);

    DataStream<HashedUpload> hashed = beforeMatch.apply(InferenceFunction.apply(pending, config));
    SingleOutputStreamOperator<NearDuplicate> matches =
        hashed.keyBy(u -> u.tenant)
            .connect(models)
            .process(
                new MatchFunction(
                    initialModel, BundledEncoder.ENCODER_ID, BundledEncoder.EMBEDDING_SIZE,
                    config.radius(), config.maxMatches(), config.rehashSlice(),
                    config.rehashPause()))
            .uid(UID_MATCH)
            .name("match");

    matches
        .sinkTo(KafkaSinks.exactlyOnce(config, config.nearDuplicatesTopic(),
            Topic.NEAR_DUPLICATES.valueSubject(), NearDuplicate.class, registry,
            d -> key(d.getTenant(), d.getQueryId()), "near-duplicates"))
        .uid("sink-near-duplicates")
        .name("near-duplicates");
    matches.getSideOutput(MatchFunction.HASH_CODES)
        .sinkTo(KafkaSinks.exactlyOnce(config, config.hashCodesTopic(),
            Topic.HASH_CODES.valueSubject(), HashCode.class, registry,
            c -> key(c.getTenant(), c.getImageId()), "hash-codes"))
        .uid("sink-hash-codes")
        .name("hash-codes");
    pending.getSideOutput(DecodeFunction.DEAD_LETTERS)
        .union(control.getSideOutput(DecodeFunction.DEAD_LETTERS),
            matches.getSideOutput(DecodeFunction.DEAD_LETTERS))
        .sinkTo(KafkaSinks.exactlyOnce(config, config.deadLettersTopic(),
            Topic.DEAD_LETTERS.valueSubject(), DeadLetter.class, registry,
            HashstreamJob::deadLetterKey, "dead-letters"))
        .uid("sink-dead-letters")
        .name("dead-letters");
    matches.getSideOutput(MatchFunction.SWAP_READY)
        .keyBy(r -> r.version())
        .process(new SwapCoordinator())
        .uid("swap-coordinator")
        .name("swap-coordinator")
        .setParallelism(1)
        .sinkTo(KafkaSinks.atLeastOnce(config, config.controlTopic(),
            Topic.HASHCODER_CONTROL.valueSubject(), ModelUpdate.class, registry,
            u -> u.getVersion().getBytes(StandardCharsets.UTF_8), "control"))
        .uid("sink-control")
        .name("activate")
        .setParallelism(1);
  }

  private KafkaSource<RawKafkaRecord> source(String topic) {
    Properties consumer = new Properties();
    consumer.putAll(config.consumerProperties());
    return KafkaSource.<RawKafkaRecord>builder()
        .setProperties(consumer)
        .setBootstrapServers(config.bootstrapServers())
        .setTopics(topic)
        .setGroupId(config.groupId())
        .setStartingOffsets(
            config.startingOffsetsEarliest() ? OffsetsInitializer.earliest() : OffsetsInitializer.latest())
        .setProperty("isolation.level", "read_committed")
        .setProperty("partition.discovery.interval.ms", "10000")
        .setDeserializer(new RawKafkaRecordDeserializationSchema())
        .build();
  }

  private static byte[] key(String tenant, String imageId) {
    return (tenant + "/" + imageId).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] deadLetterKey(DeadLetter d) {
    if (d.getRecordKey() != null) {
      byte[] out = new byte[d.getRecordKey().remaining()];
      d.getRecordKey().duplicate().get(out);
      return out;
    }
    return d.getImageId() == null ? null : d.getImageId().getBytes(StandardCharsets.UTF_8);
  }
}
