package io.hashstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.it.platform.PlatformExtension;
import io.hashstream.it.platform.TopicReader;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.SampleRecords;
import io.hashstream.schemas.SchemaChanges;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.kafka.RegistryAvroDeserializer;
import io.hashstream.schemas.kafka.RegistryAvroSerde;
import io.hashstream.schemas.kafka.RegistryAvroSerializer;
import io.hashstream.schemas.registry.DeadLetterFactory;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.schemas.registry.SchemaRegistry;
import io.hashstream.schemas.registry.SchemaRegistryException;
import io.hashstream.schemas.registry.WireFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The platform end to end on real parts: the embedded Kafka broker and Apicurio registry, every
 * record type through its real topic in Confluent wire format, bad frames as typed errors that
 * become dead letters, and the registry enforcing the evolution rules.
 */
class PlatformIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension static final PlatformExtension PLATFORM = new PlatformExtension();

  @Test
  void everyTopicExistsAndEverySchemaIsRegistered() throws Exception {
    EmbeddedPlatform platform = PLATFORM.get();
    try (var admin = platform.admin()) {
      Set<String> topics = admin.listTopics().names().get();
      for (Topic t : Topic.all()) {
        assertThat(topics).contains(t.topicName());
      }
    }
    SchemaRegistry registry = platform.schemaRegistry();
    for (Topic t : Topic.all()) {
      int id = registry.lookupId(t.valueSubject(), t.valueSchema());
      assertThat(registry.schemaById(id)).isEqualTo(t.valueSchema());
    }
  }

  @ParameterizedTest
  @EnumSource(Topic.class)
  void everyRecordTypeRoundTripsThroughItsTopic(Topic topic) {
    EmbeddedPlatform platform = PLATFORM.get();
    SpecificRecord sample = SampleRecords.forTopic(topic);
    String key = "roundtrip-" + UUID.randomUUID();

    // configured the way a user configures any Confluent serializer: by class name and properties
    Map<String, Object> producerProps = new HashMap<>(platform.clientConfig());
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, RegistryAvroSerializer.class.getName());
    producerProps.put(RegistryAvroSerde.AUTO_REGISTER, "false"); // the platform registered them
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProps)) {
      producer.send(new ProducerRecord<>(topic.topicName(), key, sample));
      producer.flush();
    }

    // topics are shared with tests that write garbage on purpose: read raw bytes, pick ours by key
    ConsumerRecord<String, byte[]> arrived =
        TopicReader.await(
                platform.bootstrapServers(), topic.topicName(), new StringDeserializer(),
                new ByteArrayDeserializer(), r -> key.equals(r.key()), 1, WAIT)
            .get(0);
    RegistryAvroDeserializer<SpecificRecord> values = new RegistryAvroDeserializer<>();
    values.configure(
        Map.of(
            RegistryAvroSerde.REGISTRY_URL, platform.registryUrl(),
            RegistryAvroSerde.VALUE_TYPE, sample.getClass().getName()),
        false);

    assertThat(values.deserialize(topic.topicName(), arrived.value())).isEqualTo(sample);
    int id = RegistryAvroCodec.schemaIdOf(arrived.value(), RegistryAvroCodec.DEFAULT_MAX_FRAME_BYTES);
    assertThat(id)
        .isEqualTo(platform.schemaRegistry().lookupId(topic.valueSubject(), topic.valueSchema()));
  }

  @Test
  void garbageFramesAreTypedErrorsAndBecomeDeadLettersWithTheRawBytes() {
    EmbeddedPlatform platform = PLATFORM.get();
    SchemaRegistry registry = platform.schemaRegistry();
    RegistryAvroCodec<ImageEvent> codec = new RegistryAvroCodec<>(registry, ImageEvent.class);
    byte[] valid = codec.encode(Topic.IMAGES.valueSubject(), SampleRecords.imageEvent());
    Map<String, byte[]> frames = new LinkedHashMap<>();
    frames.put("json", "{\"imageId\":\"x\"}".getBytes(StandardCharsets.UTF_8));
    frames.put("short", new byte[] {0, 0, 1});
    frames.put("unknown-id", new byte[] {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 'a'});
    frames.put("truncated", Arrays.copyOf(valid, valid.length - 9));
    Map<String, DeadLetterReason> expected =
        Map.of(
            "json", DeadLetterReason.MALFORMED_FRAME,
            "short", DeadLetterReason.MALFORMED_FRAME,
            "unknown-id", DeadLetterReason.UNKNOWN_SCHEMA_ID,
            "truncated", DeadLetterReason.UNDECODABLE_RECORD);
    String run = UUID.randomUUID().toString();
    try (KafkaProducer<String, byte[]> raw =
        new KafkaProducer<>(platform.clientConfig(), new StringSerializer(), new ByteArraySerializer())) {
      frames.forEach((name, bytes) -> raw.send(new ProducerRecord<>(Topic.IMAGES.topicName(), run + "/" + name, bytes)));
      raw.flush();
    }

    // what a consumer that must not stop does: read raw bytes, decode, dead-letter failures
    List<ConsumerRecord<String, byte[]>> arrived =
        TopicReader.await(
            platform.bootstrapServers(), Topic.IMAGES.topicName(), new StringDeserializer(),
            new ByteArrayDeserializer(), r -> r.key().startsWith(run + "/"), frames.size(), WAIT);
    DeadLetterFactory deadLetters = new DeadLetterFactory("platform-it");
    Map<String, Object> producerProps = new HashMap<>(platform.clientConfig());
    try (KafkaProducer<String, DeadLetter> dlq =
        new KafkaProducer<>(
            producerProps,
            new StringSerializer(),
            new RegistryAvroSerializer<>(new RegistryAvroCodec<>(registry, DeadLetter.class)))) {
      for (ConsumerRecord<String, byte[]> r : arrived) {
        String name = r.key().substring(run.length() + 1);
        assertThatThrownBy(() -> codec.decode(r.value()))
            .as(name)
            .isInstanceOfSatisfying(
                WireFormatException.class, e -> assertThat(e.reason()).isEqualTo(expected.get(name)));
        try {
          codec.decode(r.value());
        } catch (WireFormatException e) {
          dlq.send(
              new ProducerRecord<>(
                  Topic.DEAD_LETTERS.topicName(),
                  r.key(),
                  deadLetters.fromWireError(
                      e, r.topic(), r.partition(), r.offset(),
                      r.key().getBytes(StandardCharsets.UTF_8), r.value(), SampleRecords.T0)));
        }
      }
      dlq.flush();
    }

    RegistryAvroDeserializer<DeadLetter> dlqValues =
        new RegistryAvroDeserializer<>(new RegistryAvroCodec<>(registry, DeadLetter.class));
    Map<String, DeadLetter> letters =
        TopicReader.await(
                platform.bootstrapServers(), Topic.DEAD_LETTERS.topicName(), new StringDeserializer(),
                dlqValues, r -> r.key().startsWith(run + "/"), frames.size(), WAIT)
            .stream()
            .collect(Collectors.toMap(r -> r.key().substring(run.length() + 1), ConsumerRecord::value));
    assertThat(letters).hasSize(frames.size());
    letters.forEach(
        (name, letter) -> {
          assertThat(letter.getReason()).as(name).isEqualTo(expected.get(name));
          assertThat(letter.getSourceTopic()).isEqualTo(Topic.IMAGES.topicName());
          assertThat(bytes(letter.getPayload())).as(name).isEqualTo(frames.get(name));
          assertThat(letter.getMessage()).isNotBlank();
        });
  }

  @Test
  void aPlainDeserializingConsumerGetsTheTypedErrorWithTheOffset() {
    EmbeddedPlatform platform = PLATFORM.get();
    String topic = "garbage-" + UUID.randomUUID();
    platform.createTopics(List.of(), WAIT); // no-op: proves idempotence on an existing platform
    try (var admin = platform.admin()) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all().get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    try (KafkaProducer<String, byte[]> raw =
        new KafkaProducer<>(platform.clientConfig(), new StringSerializer(), new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(topic, "k", new byte[] {42, 1, 2, 3, 4, 5}));
      raw.flush();
    }
    Map<String, Object> props = new HashMap<>(TopicReader.consumerConfig(platform.bootstrapServers()));
    RegistryAvroDeserializer<ImageEvent> values =
        new RegistryAvroDeserializer<>(new RegistryAvroCodec<>(platform.schemaRegistry(), ImageEvent.class));
    try (KafkaConsumer<String, ImageEvent> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), values)) {
      consumer.subscribe(List.of(topic));
      RecordDeserializationException error = null;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (error == null && System.nanoTime() - deadline < 0) {
        try {
          ConsumerRecords<String, ImageEvent> ignored = consumer.poll(Duration.ofMillis(200));
          assertThat(ignored.count()).isZero();
        } catch (RecordDeserializationException e) {
          error = e;
        }
      }
      assertThat(error).as("deserialization error within " + WAIT).isNotNull();
      assertThat(error.offset()).isZero();
      assertThat(error.getCause())
          .isInstanceOfSatisfying(
              WireFormatException.class,
              e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.MALFORMED_FRAME));
    }
  }

  @Test
  void theRegistryAdmitsOptionalFieldsRefusesRequiredOnesAndOldReadersReadNewData() throws Exception {
    EmbeddedPlatform platform = PLATFORM.get();
    SchemaRegistry registry = platform.schemaRegistry();
    String subject = "evolution-" + UUID.randomUUID() + "-value";
    registry.setCompatibility(subject, SchemaRegistry.Compatibility.BACKWARD);
    Schema v1 = ImageEvent.getClassSchema();
    int id1 = registry.register(subject, v1);
    Schema v2 = SchemaChanges.withField(v1, SchemaChanges.optionalString("caption"));
    int id2 = registry.register(subject, v2);
    assertThat(id2).isNotEqualTo(id1);
    assertThat(registry.register(subject, v2)).isEqualTo(id2);

    Schema breaking = SchemaChanges.withField(v2, SchemaChanges.requiredString("mustHave"));
    assertThat(registry.isCompatible(subject, breaking)).isFalse();
    assertThatThrownBy(() -> registry.register(subject, breaking))
        .isInstanceOf(SchemaRegistryException.Incompatible.class);

    // a v2 producer's frame, read by today's (v1) consumer: the extra field is skipped
    GenericRecord newer = new GenericData.Record(v2);
    ImageEvent sample = SampleRecords.imageEvent();
    for (Schema.Field f : v1.getFields()) {
      newer.put(f.name(), SpecificData.get().deepCopy(f.schema(), sample.get(f.pos())));
    }
    newer.put("caption", "a cat");
    byte[] frame = frame(id2, v2, newer);
    ImageEvent read = new RegistryAvroCodec<>(registry, ImageEvent.class).decode(frame);
    assertThat(read.getImageId()).isEqualTo(sample.getImageId());
    assertThat(read.getUploadedAt()).isEqualTo(sample.getUploadedAt());
  }

  private static byte[] frame(int id, Schema schema, GenericRecord record) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    GenericData model = new GenericData();
    model.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.TimestampMillisConversion());
    new GenericDatumWriter<GenericRecord>(schema, model).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
