package io.hashstream.flink;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.flink.config.JobConfig;
import io.hashstream.flink.inference.HashedUpload;
import io.hashstream.flink.inference.InferenceFunction;
import io.hashstream.flink.ingest.ControlDecodeFunction;
import io.hashstream.flink.ingest.IngestFunction;
import io.hashstream.flink.ingest.PendingUpload;
import io.hashstream.flink.ingest.UploadCheck;
import io.hashstream.flink.matching.MatchFunction;
import io.hashstream.flink.model.ModelReference;
import io.hashstream.flink.serde.RawKafkaRecord;
import io.hashstream.flink.swap.ControlMessage;
import io.hashstream.flink.swap.SwapClock;
import io.hashstream.flink.swap.SwapCoordinator;
import io.hashstream.flink.topology.JobSinks;
import io.hashstream.flink.topology.OperatorIds;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.registry.RegistrySupplier;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The streaming job's wiring, and nothing else: raw upload and control records in, the four
 * outputs to the given sinks. Where the records come from and where the outputs go is the caller's
 * choice (Kafka in {@link HashstreamJob}; collections and collecting sinks in tests).
 *
 * <pre>
 * images ─► ingest ─► inference (async, micro-batched) ─► keyBy(tenant) ─► match ─► near-duplicates
 *             │                                              ▲      │  ├─► hash-codes
 *             │                                              │      │  └─► swap-ready ─► coordinator ─┐
 *             └─► dead-letters ◄─────────────────────────────┼──────┘                                │
 * control ─► decode ─┬─ broadcast ───────────────────────────┘                                      │
 *   ▲                │                                                                              │
 *   │      ticks ────┘  (one per swap.rehash-pause: the next slice of a running re-hash)             │
 *   └──────────────────────────────── activations (ACTIVATE) ◄───────────────────────────────────────┘
 * </pre>
 *
 * Every operator has a uid from {@link OperatorIds}; every output but the activations is written
 * exactly once when the sinks are transactional.
 */
public final class HashstreamPipeline {
  private HashstreamPipeline() {}

  /**
   * Adds the job's operators to the environment of {@code images}.
   *
   * @param config the job's settings
   * @param initialModel the model a job with empty state starts with
   * @param registry the schema registry the raw records are framed against
   * @param images raw records of uploads (any parallelism)
   * @param control raw records of model updates (parallelism 1: one order for every subtask)
   * @param ticks the swap's pulse ({@link io.hashstream.flink.swap.SwapTicker} in production; a
   *     test may send its own, to decide when a re-hash advances)
   * @param sinks where the outputs go
   * @param clock paces the hot swap's re-hash slices
   */
  public static void build(
      JobConfig config, ModelReference initialModel, RegistrySupplier registry,
      DataStream<RawKafkaRecord> images, DataStream<RawKafkaRecord> control,
      DataStream<ControlMessage> ticks, JobSinks sinks, SwapClock clock) {
    SingleOutputStreamOperator<PendingUpload> pending =
        images
            .process(new IngestFunction(registry, config.maxRecordBytes(), new UploadCheck(
                BundledEncoder.ENCODER_ID, BundledEncoder.EMBEDDING_SIZE, config.maxImageBytes(),
                config.uriPolicy())))
            .uid(OperatorIds.INGEST)
            .name(OperatorIds.INGEST);

    SingleOutputStreamOperator<ControlMessage> updates =
        control
            .process(new ControlDecodeFunction(registry, config.maxRecordBytes(), config.modelUpdates()))
            .uid(OperatorIds.CONTROL_DECODE)
            .name(OperatorIds.CONTROL_DECODE)
            .setParallelism(1);
    BroadcastStream<ControlMessage> broadcast =
        updates.union(ticks).broadcast(OperatorIds.MODEL_SLOTS);

    DataStream<HashedUpload> hashed =
        AsyncDataStream.unorderedWait(
                pending, new InferenceFunction(config), config.inferenceTimeout().toMillis(),
                TimeUnit.MILLISECONDS, config.inferenceCapacity())
            .uid(OperatorIds.INFERENCE)
            .name(OperatorIds.INFERENCE);

    SingleOutputStreamOperator<NearDuplicate> matches =
        hashed
            .keyBy(u -> u.tenant)
            .connect(broadcast)
            .process(new MatchFunction(
                initialModel, BundledEncoder.ENCODER_ID, BundledEncoder.EMBEDDING_SIZE,
                config.radius(), config.pdqRadius(), config.pdqMinQuality(), config.maxMatches(),
                config.rehashSlice(), config.rehashPause(), clock))
            .uid(OperatorIds.MATCH)
            .name(OperatorIds.MATCH);

    matches.sinkTo(sinks.nearDuplicates())
        .uid(OperatorIds.NEAR_DUPLICATES_SINK)
        .name("near-duplicates");
    matches.getSideOutput(OperatorIds.HASH_CODES)
        .sinkTo(sinks.hashCodes())
        .uid(OperatorIds.HASH_CODES_SINK)
        .name("hash-codes");
    pending.getSideOutput(OperatorIds.DEAD_LETTERS)
        .union(updates.getSideOutput(OperatorIds.DEAD_LETTERS),
            matches.getSideOutput(OperatorIds.DEAD_LETTERS))
        .sinkTo(sinks.deadLetters())
        .uid(OperatorIds.DEAD_LETTERS_SINK)
        .name("dead-letters");
    matches.getSideOutput(OperatorIds.SWAP_READY)
        .keyBy(r -> r.version())
        .process(new SwapCoordinator())
        .uid(OperatorIds.SWAP_COORDINATOR)
        .name(OperatorIds.SWAP_COORDINATOR)
        .setParallelism(1)
        .sinkTo(sinks.activations())
        .uid(OperatorIds.ACTIVATE_SINK)
        .name("activate")
        .setParallelism(1);
  }
}
