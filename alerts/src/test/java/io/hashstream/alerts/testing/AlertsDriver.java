package io.hashstream.alerts.testing;

import io.hashstream.alerts.config.RulesConfig;
import io.hashstream.alerts.topology.AlertsTopology;
import io.hashstream.alerts.topology.TenantKeys;
import io.hashstream.alerts.topology.Topics;
import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.ModerationAction;
import io.hashstream.schemas.ModerationVerdict;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.registry.InMemorySchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The moderation topology in a {@link TopologyTestDriver}, over an in-memory registry, with input
 * written the way producers write it (wire-format bytes) and output read back typed. Time moves
 * only through record timestamps and {@link #advanceWallClock}.
 */
public final class AlertsDriver implements AutoCloseable {
  private final TopologyTestDriver driver;
  private final Topics topics;
  private final TestInputTopic<byte[], byte[]> nearDuplicates;
  private final TestInputTopic<byte[], byte[]> verdicts;
  private final TestInputTopic<byte[], byte[]> images;
  private final TestInputTopic<byte[], byte[]> bankMatches;
  private final TestOutputTopic<String, ModerationAction> actions;
  private final TestOutputTopic<String, DeadLetter> deadLetters;

  public AlertsDriver(RulesConfig rules, Path stateDir) {
    topics = Topics.over(new InMemorySchemaRegistry());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "alerts-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(AlertsTopology.build(topics, rules), props, InputRecords.T0);
    ByteArraySerializer raw = new ByteArraySerializer();
    nearDuplicates = driver.createInputTopic(Topic.NEAR_DUPLICATES.topicName(), raw, raw);
    verdicts = driver.createInputTopic(Topic.MODERATION_VERDICTS.topicName(), raw, raw);
    images = driver.createInputTopic(Topic.IMAGES.topicName(), raw, raw);
    bankMatches = driver.createInputTopic(Topic.BANK_MATCHES.topicName(), raw, raw);
    actions =
        driver.createOutputTopic(
            Topic.MODERATION_ACTIONS.topicName(), new StringDeserializer(),
            topics.moderationActions.valueSerde().deserializer());
    deadLetters =
        driver.createOutputTopic(
            Topic.DEAD_LETTERS.topicName(), new StringDeserializer(),
            topics.deadLetters.valueSerde().deserializer());
  }

  public TopologyTestDriver driver() {
    return driver;
  }

  /** Writes a match keyed by {@code streamingJobKey}, as the streaming job may key it. */
  public void pipe(NearDuplicate match, String streamingJobKey) {
    nearDuplicates.pipeInput(
        bytes(streamingJobKey),
        topics.nearDuplicateCodec.encode(Topic.NEAR_DUPLICATES.valueSubject(), match),
        match.getDetectedAt());
  }

  public void pipe(NearDuplicate match) {
    pipe(match, match.getQueryId());
  }

  public void pipe(ModerationVerdict verdict) {
    verdicts.pipeInput(
        bytes(TenantKeys.key(verdict.getTenant(), verdict.getImageId())),
        topics.verdictCodec.encode(Topic.MODERATION_VERDICTS.valueSubject(), verdict),
        verdict.getDecidedAt());
  }

  /** Removes {@code tenant/image} from its bank (a tombstone on the compacted topic). */
  public void removeVerdict(String tenant, String image, Instant at) {
    verdicts.pipeInput(bytes(TenantKeys.key(tenant, image)), null, at);
  }

  /** Writes an upload's match of a bank entry, as the streaming job keys it. */
  public void pipe(BankMatch match) {
    bankMatches.pipeInput(
        bytes(TenantKeys.key(match.getTenant(), match.getImageId())),
        topics.bankMatchCodec.encode(Topic.BANK_MATCHES.valueSubject(), match),
        match.getDetectedAt());
  }

  public void pipe(ImageEvent upload) {
    images.pipeInput(
        bytes(TenantKeys.key(upload.getTenant(), upload.getImageId())),
        topics.imageCodec.encode(Topic.IMAGES.valueSubject(), upload),
        upload.getUploadedAt());
  }

  /** Writes raw bytes to {@code topic}, as a producer that ignores the wire format would. */
  public void pipeRaw(Topic topic, String key, byte[] value, Instant at) {
    TestInputTopic<byte[], byte[]> in =
        switch (topic) {
          case NEAR_DUPLICATES -> nearDuplicates;
          case MODERATION_VERDICTS -> verdicts;
          case IMAGES -> images;
          case BANK_MATCHES -> bankMatches;
          default -> throw new IllegalArgumentException(topic + " is not an input");
        };
    in.pipeInput(bytes(key), value, at);
  }

  /** Every action emitted since the last call. */
  public List<ModerationAction> actions() {
    return actions.readValuesToList();
  }

  /** Every dead letter written since the last call. */
  public List<DeadLetter> deadLetters() {
    return deadLetters.readValuesToList();
  }

  public void advanceWallClock(Duration by) {
    driver.advanceWallClockTime(by);
  }

  public Topics topics() {
    return topics;
  }

  @Override
  public void close() {
    driver.close();
  }

  private static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }
}
