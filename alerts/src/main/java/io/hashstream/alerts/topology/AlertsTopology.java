package io.hashstream.alerts.topology;

import io.hashstream.alerts.config.RulesConfig;
import io.hashstream.alerts.processor.ActionLogProcessor;
import io.hashstream.alerts.processor.ClusterProcessor;
import io.hashstream.alerts.processor.ClusterState;
import io.hashstream.alerts.processor.DecodeProcessor;
import io.hashstream.alerts.processor.Decoded;
import io.hashstream.alerts.processor.FloodControlProcessor;
import io.hashstream.alerts.processor.FloodState;
import io.hashstream.alerts.processor.InputChecks;
import io.hashstream.alerts.processor.MemberState;
import io.hashstream.alerts.processor.ModerationInput;
import io.hashstream.alerts.processor.RecordCheck;
import io.hashstream.alerts.processor.ThumbnailProcessor;
import io.hashstream.alerts.processor.VerdictJoinProcessor;
import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.ModerationAction;
import io.hashstream.schemas.ModerationVerdict;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The moderation service as a Kafka Streams topology: a function of its topics and rules, so that
 * tests build exactly what runs.
 *
 * <pre>
 * near-duplicates ─ decode ─┬─ rejected ──────────────────────────────────────────┐
 *                           └─ repartition by tenant ─┐                            │
 * moderation-verdicts ─ decode ─┬─ rejected ──────────┼────────────────────────────┤
 *                               └─ repartition by tenant ─┤                        │
 * bank-matches ─ decode ─┬─ rejected ─────────────────┼────────────────────────────┴─► dead-letters
 *                        └─ repartition by tenant ─────┴─ merge ─► verdict-join ─► cluster
 *                                         ─► flood-control ─► action-log ─► moderation-actions
 * images ─ thumbnail ─ repartition by image ─► thumbnails (LRU table)
 * </pre>
 *
 * <p>Every node, store and repartition topic is named (see {@link StoreNames} and the constants
 * here): the names are the internal topics' names, which stay stable across releases.
 */
public final class AlertsTopology {
  /** The stage named in dead letters. */
  public static final String STAGE = "alerts";

  /** Repartition topic of matches ({@code <application.id>-matches-by-tenant-repartition}). */
  public static final String MATCHES_BY_TENANT = "matches-by-tenant";

  /** Repartition topic of verdicts. */
  public static final String VERDICTS_BY_TENANT = "verdicts-by-tenant";

  /** Repartition topic of bank entries' matches. */
  public static final String BANK_MATCHES_BY_TENANT = "bank-matches-by-tenant";

  /** Repartition topic of thumbnails. */
  public static final String THUMBNAILS_BY_IMAGE = "thumbnails-by-image";

  private AlertsTopology() {}

  /** Builds the topology over {@code topics} with {@code rules}. */
  public static Topology build(Topics topics, RulesConfig rules) {
    StreamsBuilder builder = new StreamsBuilder();
    addStores(builder, topics, rules);
    Serde<String> keys = Serdes.String();

    Input<NearDuplicate> matchInput =
        decodeByTenant(builder, topics.nearDuplicates, "near-duplicates", topics.nearDuplicateCodec,
            InputChecks.NEAR_DUPLICATE, false, MATCHES_BY_TENANT, topics.avro(NearDuplicate.class), rules);
    Input<ModerationVerdict> verdictInput =
        decodeByTenant(builder, topics.moderationVerdicts, "verdicts", topics.verdictCodec,
            InputChecks.VERDICT, true, VERDICTS_BY_TENANT, topics.avro(ModerationVerdict.class), rules);
    Input<BankMatch> entryInput =
        decodeByTenant(builder, topics.bankMatches, "bank-matches", topics.bankMatchCodec,
            InputChecks.BANK_MATCH, false, BANK_MATCHES_BY_TENANT, topics.avro(BankMatch.class), rules);
    KStream<String, ModerationInput> entryMatches =
        entryInput.decoded()
            .mapValues(m -> new ModerationInput.EntryMatch(m), Named.as("as-entry-match-input"));
    KStream<String, ModerationInput> matches =
        matchInput.decoded().mapValues(m -> new ModerationInput.Match(m), Named.as("as-match-input"));
    KStream<String, ModerationInput> verdicts =
        verdictInput.decoded()
            .mapValues((key, v) -> new ModerationInput.VerdictChange(key, v), Named.as("as-verdict-input"));

    matches
        .merge(verdicts, Named.as("moderation-inputs"))
        .merge(entryMatches, Named.as("moderation-inputs-with-banks"))
        .process(() -> new VerdictJoinProcessor(rules), Named.as("verdict-join"), StoreNames.VERDICTS,
            StoreNames.MATCHES, StoreNames.ALLOWED)
        .process(() -> new ClusterProcessor(rules), Named.as("cluster"), StoreNames.MEMBERS, StoreNames.CLUSTERS)
        .process(() -> new FloodControlProcessor(rules), Named.as("flood-control"), StoreNames.FLOOD)
        .process(ActionLogProcessor::new, Named.as("action-log"), StoreNames.RECENT_ACTIONS)
        .to(topics.moderationActions.name(), topics.moderationActions.produced("moderation-actions-sink"));

    matchInput.rejected()
        .merge(verdictInput.rejected(), Named.as("dead-letters"))
        .merge(entryInput.rejected(), Named.as("dead-letters-with-banks"))
        .to(topics.deadLetters.name(), topics.deadLetters.produced("dead-letters-sink"));

    builder.stream(topics.images.name(), topics.images.consumed("images-source"))
        .process(
            () -> new ThumbnailProcessor(topics.imageCodec, rules.thumbnailPixels(), rules.maxImageBytes()),
            Named.as("thumbnail"))
        .repartition(
            Repartitioned.<String, byte[]>as(THUMBNAILS_BY_IMAGE)
                .withKeySerde(keys)
                .withValueSerde(Serdes.ByteArray())
                .withNumberOfPartitions(rules.partitions()))
        .toTable(
            Named.as("thumbnails-table"),
            // a display cache, refilled by new uploads: capped per task, no changelog
            Materialized.<String, byte[]>as(Stores.lruMap(StoreNames.THUMBNAILS, rules.maxThumbnails()))
                .withKeySerde(keys)
                .withValueSerde(Serdes.ByteArray())
                .withLoggingDisabled()
                .withCachingDisabled());
    return builder.build();
  }

  /** An input topic, decoded: valid records by tenant, and the dead letters of the others. */
  private record Input<T>(KStream<String, T> decoded, KStream<String, DeadLetter> rejected) {}

  /**
   * Reads {@code topic} raw, decodes and checks each record ({@link DecodeProcessor}), splits off
   * the rejected ones as dead letters, and repartitions the rest by tenant into {@code
   * repartition}. Nodes are named after {@code name}.
   */
  private static <T extends SpecificRecord> Input<T> decodeByTenant(
      StreamsBuilder builder,
      TopicSpec<byte[], byte[]> topic,
      String name,
      RegistryAvroCodec<T> codec,
      RecordCheck<T> check,
      boolean tombstones,
      String repartition,
      Serde<T> valueSerde,
      RulesConfig rules) {
    Map<String, KStream<String, Decoded<T>>> branches =
        builder.stream(topic.name(), topic.consumed(topic.name() + "-source"))
            .process(() -> new DecodeProcessor<>(codec, check, tombstones, STAGE), Named.as("decode-" + name))
            .split(Named.as(name + "-"))
            .branch((k, v) -> v.isDeadLetter(), Branched.as("rejected"))
            .defaultBranch(Branched.as("decoded"));
    KStream<String, T> decoded =
        branches.get(name + "-decoded")
            .mapValues(Decoded::value, Named.as(name + "-values"))
            .repartition(
                Repartitioned.<String, T>as(repartition)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(valueSerde)
                    .withStreamPartitioner(TenantKeys.partitioner())
                    .withNumberOfPartitions(rules.partitions()));
    KStream<String, DeadLetter> rejected =
        branches.get(name + "-rejected").mapValues(Decoded::deadLetter, Named.as(name + "-dead-letters"));
    return new Input<>(decoded, rejected);
  }

  private static void addStores(StreamsBuilder builder, Topics topics, RulesConfig rules) {
    builder.addStateStore(cachedKeyValue(StoreNames.VERDICTS, topics.avro(ModerationVerdict.class)));
    builder.addStateStore(cachedKeyValue(StoreNames.MEMBERS, JsonSerde.of(MemberState.class)));
    builder.addStateStore(cachedKeyValue(StoreNames.CLUSTERS, JsonSerde.of(ClusterState.class)));
    builder.addStateStore(cachedKeyValue(StoreNames.FLOOD, JsonSerde.of(FloodState.class)));
    builder.addStateStore(timeLog(StoreNames.MATCHES, rules.matchWindow(), topics.avro(NearDuplicate.class)));
    builder.addStateStore(timeLog(StoreNames.ALLOWED, rules.matchWindow(), topics.avro(BankMatch.class)));
    builder.addStateStore(timeLog(StoreNames.RECENT_ACTIONS, rules.actionsWindow(), topics.avro(ModerationAction.class)));
  }

  /**
   * A persistent key-value store with a cache: a cluster touched by many matches between two
   * commits is written to RocksDB and its changelog once per commit, not once per match.
   */
  private static <V> StoreBuilder<KeyValueStore<String, V>> cachedKeyValue(String name, Serde<V> values) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
        .withCachingEnabled();
  }

  /**
   * A window store used as a time-indexed log: every entry is a point in time (the smallest window
   * there is), several per key, and {@code retention} bounds it.
   */
  private static <V> StoreBuilder<WindowStore<String, V>> timeLog(String name, Duration retention, Serde<V> values) {
    return Stores.windowStoreBuilder(
        Stores.persistentWindowStore(name, retention, Duration.ofMillis(1), true), Serdes.String(), values);
  }
}
