package io.hashstream.alerts.topology;

import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.ModerationAction;
import io.hashstream.schemas.ModerationVerdict;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.kafka.RegistryAvroSerde;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.schemas.registry.SchemaRegistry;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics the moderation service reads and writes, typed, with serdes over one schema registry.
 * Inputs are read as raw bytes and decoded inside the topology with the {@code *Codec} here, so that
 * a bad frame becomes a dead letter instead of stopping the service.
 *
 * <p>Immutable; build one per registry with {@link #over(SchemaRegistry)}.
 */
public final class Topics {
  private final SchemaRegistry registry;

  /** Uploads, raw: thumbnails are cut from those that carry image bytes. */
  public final TopicSpec<byte[], byte[]> images;

  /** Raw matches from the streaming job, raw. */
  public final TopicSpec<byte[], byte[]> nearDuplicates;

  /** Uploads' matches of bank entries, from the streaming job, raw. */
  public final TopicSpec<byte[], byte[]> bankMatches;

  /** Moderators' verdicts (compacted, key {@code tenant/imageId}), raw. */
  public final TopicSpec<byte[], byte[]> moderationVerdicts;

  /** The service's output. */
  public final TopicSpec<String, ModerationAction> moderationActions;

  /** Where undecodable or invalid input goes, with the reason. */
  public final TopicSpec<String, DeadLetter> deadLetters;

  /** Decodes {@link #images} values. */
  public final RegistryAvroCodec<ImageEvent> imageCodec;

  /** Decodes {@link #nearDuplicates} values. */
  public final RegistryAvroCodec<NearDuplicate> nearDuplicateCodec;

  /** Decodes {@link #bankMatches} values. */
  public final RegistryAvroCodec<BankMatch> bankMatchCodec;

  /** Decodes {@link #moderationVerdicts} values. */
  public final RegistryAvroCodec<ModerationVerdict> verdictCodec;

  private Topics(SchemaRegistry registry) {
    this.registry = registry;
    Serde<byte[]> raw = Serdes.ByteArray();
    images = new TopicSpec<>(Topic.IMAGES.topicName(), raw, raw);
    nearDuplicates = new TopicSpec<>(Topic.NEAR_DUPLICATES.topicName(), raw, raw);
    moderationVerdicts = new TopicSpec<>(Topic.MODERATION_VERDICTS.topicName(), raw, raw);
    bankMatches = new TopicSpec<>(Topic.BANK_MATCHES.topicName(), raw, raw);
    moderationActions =
        new TopicSpec<>(
            Topic.MODERATION_ACTIONS.topicName(), Serdes.String(), avro(ModerationAction.class));
    deadLetters =
        new TopicSpec<>(Topic.DEAD_LETTERS.topicName(), Serdes.String(), avro(DeadLetter.class));
    imageCodec = new RegistryAvroCodec<>(registry, ImageEvent.class);
    nearDuplicateCodec = new RegistryAvroCodec<>(registry, NearDuplicate.class);
    verdictCodec = new RegistryAvroCodec<>(registry, ModerationVerdict.class);
    bankMatchCodec = new RegistryAvroCodec<>(registry, BankMatch.class);
  }

  /** The service's topics over {@code registry}. */
  public static Topics over(SchemaRegistry registry) {
    return new Topics(registry);
  }

  /**
   * A wire-format serde of {@code type} over this registry, for repartition topics and state
   * stores (their subjects are registered on first use).
   */
  public <T extends org.apache.avro.specific.SpecificRecord> Serde<T> avro(Class<T> type) {
    return RegistryAvroSerde.of(registry, type);
  }
}
