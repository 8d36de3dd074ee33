package io.hashstream.schemas;

import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Every Kafka topic of hashstream: its name, its value schema, and how the embedded platform creates
 * it. The one place topic names live; code refers to {@code Topic.IMAGES.topicName()}, never to a
 * literal.
 *
 * <p>Records are keyed by {@code tenant/imageId} (UTF-8) where there is an image, so that all events
 * of one image stay in one partition and in order.
 */
public enum Topic {
  /** Uploads: image bytes, a URI, or a precomputed embedding. */
  IMAGES("images", ImageEvent.getClassSchema(), 4, false),
  /** Every code computed, tagged with its model version. */
  HASH_CODES("hash-codes", HashCode.getClassSchema(), 4, false),
  /** Raw matches, one record per (query, match). */
  NEAR_DUPLICATES("near-duplicates", NearDuplicate.getClassSchema(), 4, false),
  /** New HashCoders to hot-swap in; one partition so that every reader sees one order. */
  HASHCODER_CONTROL("hashcoder-control", ModelUpdate.getClassSchema(), 1, false),
  /** Records that could not be processed, with the reason and the raw bytes. */
  DEAD_LETTERS("dead-letters", DeadLetter.getClassSchema(), 1, false),
  /** Moderators' verdicts, latest per image: a compacted table. */
  MODERATION_VERDICTS("moderation-verdicts", ModerationVerdict.getClassSchema(), 4, true),
  /** What the moderation service decided, with the evidence. */
  MODERATION_ACTIONS("moderation-actions", ModerationAction.getClassSchema(), 4, false),
  /**
   * Banks of signals (PDQ hashes and CroVCA codes of known content): a compacted table keyed by
   * {@link BankKeys#key}, a tombstone removes an entry.
   */
  BANK_SIGNALS("bank-signals", BankSignal.getClassSchema(), 4, true),
  /** Uploads that matched a bank entry, one record per (upload, entry). */
  BANK_MATCHES("bank-matches", BankMatch.getClassSchema(), 4, false);

  private final String topicName;
  private final Schema valueSchema;
  private final int defaultPartitions;
  private final boolean compacted;

  Topic(String topicName, Schema valueSchema, int defaultPartitions, boolean compacted) {
    this.topicName = topicName;
    this.valueSchema = valueSchema;
    this.defaultPartitions = defaultPartitions;
    this.compacted = compacted;
  }

  public String topicName() {
    return topicName;
  }

  /** The Avro schema of record values, self-contained (named types inlined), as registered. */
  public Schema valueSchema() {
    return valueSchema;
  }

  /** The registry subject of the value schema (Confluent's TopicNameStrategy: {@code <topic>-value}). */
  public String valueSubject() {
    return topicName + "-value";
  }

  public int defaultPartitions() {
    return defaultPartitions;
  }

  /** Topic-level configuration the platform applies on creation. */
  public Map<String, String> topicConfig() {
    return compacted ? Map.of("cleanup.policy", "compact") : Map.of("cleanup.policy", "delete");
  }

  public static List<Topic> all() {
    return List.of(values());
  }
}
