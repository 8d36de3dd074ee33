package io.hashstream.flink;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.flink.banks.BankDecodeFunction;
import io.hashstream.flink.banks.BankEnrichFunction;
import io.hashstream.flink.banks.BankEntryChange;
import io.hashstream.flink.banks.BankMatchFunction;
import io.hashstream.flink.banks.BankQuery;
import io.hashstream.flink.banks.BankQueryFunction;
import io.hashstream.flink.banks.BankStep;
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
import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.registry.RegistrySupplier;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The streaming job's wiring, and nothing else: raw upload, control and bank records in, the five
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
 *
 * inference ─► bank-queries ─ broadcast ─┐
 * bank-signals ─► bank-decode ─ keyBy(entry) ─► bank-match ─ keyBy(entry) ─► bank-enrich ─► bank-matches
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
   * @param bankSignals raw records of bank entries (the compacted {@code bank-signals} topic)
   * @param sinks where the outputs go
   * @param clock paces the hot swap's re-hash slices
   */
  public static void build(
      JobConfig config, ModelReference initialModel, RegistrySupplier registry,
      DataStream<RawKafkaRecord> images, DataStream<RawKafkaRecord> control,
      DataStream<ControlMessage> ticks, DataStream<RawKafkaRecord> bankSignals, JobSinks sinks,
      SwapClock clock) {
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

    SingleOutputStreamOperator<BankEntryChange> bankChanges =
        bankSignals
            .process(new BankDecodeFunction(registry, config.maxRecordBytes()))
            .uid(OperatorIds.BANK_DECODE)
            .name(OperatorIds.BANK_DECODE);
    BroadcastStream<BankQuery> bankQueries =
        hashed
            .flatMap(new BankQueryFunction(config.pdqMinQuality(), config.bankPdqVariants()))
            .uid(OperatorIds.BANK_QUERIES)
            .name(OperatorIds.BANK_QUERIES)
            .broadcast(new MapStateDescriptor<?, ?>[0]); // to every matcher subtask; no state
    SingleOutputStreamOperator<BankMatch> bankMatches =
        bankChanges
            .keyBy(c -> c.entryId)
            .connect(bankQueries)
            .process(new BankMatchFunction(
                config.bankPdqRadius(), config.bankCrovcaRadius(), config.bankMaxMatches()))
            .uid(OperatorIds.BANK_MATCH)
            .name(OperatorIds.BANK_MATCH)
            .keyBy((BankStep step) -> step.entryId)
            .process(new BankEnrichFunction(config.bankSubscriptions()))
            .uid(OperatorIds.BANK_ENRICH)
            .name(OperatorIds.BANK_ENRICH);
    bankMatches.sinkTo(sinks.bankMatches())
        .uid(OperatorIds.BANK_MATCHES_SINK)
        .name("bank-matches");

    matches.sinkTo(sinks.nearDuplicates())
        .uid(OperatorIds.NEAR_DUPLICATES_SINK)
        .name("near-duplicates");
    matches.getSideOutput(OperatorIds.HASH_CODES)
        .sinkTo(sinks.hashCodes())
        .uid(OperatorIds.HASH_CODES_SINK)
        .name("hash-codes");
    pending.getSideOutput(OperatorIds.DEAD_LETTERS)
        .union(updates.getSideOutput(OperatorIds.DEAD_LETTERS),
            matches.getSideOutput(OperatorIds.DEAD_LETTERS),
            bankChanges.getSideOutput(OperatorIds.DEAD_LETTERS))
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
