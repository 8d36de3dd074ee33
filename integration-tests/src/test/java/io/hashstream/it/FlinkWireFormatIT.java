package io.hashstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.flink.serde.RawKafkaRecord;
import io.hashstream.flink.serde.RecordDecoder;
import io.hashstream.flink.topology.OperatorIds;
import io.hashstream.flink.serde.RawKafkaRecordDeserializationSchema;
import io.hashstream.flink.serde.RegistryAvroSerializationSchema;
import io.hashstream.it.platform.FlinkEnvironments;
import io.hashstream.it.platform.PlatformExtension;
import io.hashstream.it.platform.TopicReader;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.EmbeddingVectors;
import io.hashstream.schemas.HashCode;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.kafka.RegistryAvroDeserializer;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.schemas.registry.RegistrySupplier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire format inside a real Flink job: a bounded KafkaSource of raw records, decoding with bad
 * frames sent to a dead-letter side output, and exactly-once KafkaSinks writing registry frames,
 * on a MiniCluster (parallelism 2, RocksDB, checkpoints) against the embedded platform.
 */
class FlinkWireFormatIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int EVENTS = 20;

  @RegisterExtension static final PlatformExtension PLATFORM = new PlatformExtension();

  @Test
  void decodesEncodesExactlyOnceAndDeadLettersBadFrames(@TempDir Path checkpoints) throws Exception {
    EmbeddedPlatform platform = PLATFORM.get();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String in = "it-images-" + run;
    String out = "it-codes-" + run;
    String dlq = "it-dead-letters-" + run;
    try (var admin = platform.admin()) {
      admin.createTopics(List.of(new NewTopic(in, 4, (short) 1), new NewTopic(out, 2, (short) 1),
          new NewTopic(dlq, 1, (short) 1))).all().get();
    }
    RegistryAvroCodec<ImageEvent> codec =
        new RegistryAvroCodec<>(platform.schemaRegistry(), ImageEvent.class);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(platform.clientConfig(), new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < EVENTS; i++) {
        producer.send(new ProducerRecord<>(in, "img-" + i, codec.encode(Topic.IMAGES.valueSubject(), event(i))));
      }
      producer.send(new ProducerRecord<>(in, "bad-json", "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8)));
      producer.send(new ProducerRecord<>(in, "bad-id", new byte[] {0, 0x10, 0, 0, 0, 4, 'x', 'y'}));
      producer.flush();
    }

    StreamExecutionEnvironment env = FlinkEnvironments.rocksDb(checkpoints, 2);
    RegistrySupplier registry = RegistrySupplier.http(platform.registryUrl());
    KafkaSource<RawKafkaRecord> source =
        KafkaSource.<RawKafkaRecord>builder()
            .setBootstrapServers(platform.bootstrapServers())
            .setTopics(in)
            .setGroupId("it-" + run)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setBounded(OffsetsInitializer.latest())
            .setDeserializer(new RawKafkaRecordDeserializationSchema())
            .build();
    SingleOutputStreamOperator<ImageEvent> events =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "images")
            .uid("images-source")
            .process(new DecodeImageEvents(registry))
            .uid("decode")
            .name("decode");
    DataStream<HashCode> codes =
        events.map(FlinkWireFormatIT::signCode).returns(new AvroTypeInfo<>(HashCode.class)).uid("code");
    codes.sinkTo(exactlyOnce(platform, out, "it-codes-" + run,
            RegistryAvroSerializationSchema.forTopic(Topic.HASH_CODES, HashCode.class, registry)))
        .uid("codes-sink");
    events.getSideOutput(OperatorIds.DEAD_LETTERS)
        .sinkTo(exactlyOnce(platform, dlq, "it-dlq-" + run,
            RegistryAvroSerializationSchema.forTopic(Topic.DEAD_LETTERS, DeadLetter.class, registry)))
        .uid("dead-letter-sink");
    env.execute("wire-format-it");

    RegistryAvroDeserializer<HashCode> codeValues =
        new RegistryAvroDeserializer<>(new RegistryAvroCodec<>(platform.schemaRegistry(), HashCode.class));
    List<HashCode> written =
        TopicReader.await(platform.bootstrapServers(), out, new StringDeserializer(), codeValues,
                r -> true, EVENTS, WAIT).stream().map(r -> r.value()).collect(Collectors.toList());
    assertThat(written).hasSize(EVENTS);
    assertThat(written.stream().map(HashCode::getImageId).collect(Collectors.toSet()))
        .hasSize(EVENTS); // exactly once: no duplicates
    for (HashCode code : written) {
      int i = Integer.parseInt(code.getImageId().substring(4));
      assertThat(code).isEqualTo(signCode(event(i)));
    }

    RegistryAvroDeserializer<DeadLetter> dlqValues =
        new RegistryAvroDeserializer<>(new RegistryAvroCodec<>(platform.schemaRegistry(), DeadLetter.class));
    Map<String, DeadLetter> letters =
        TopicReader.await(platform.bootstrapServers(), dlq, new StringDeserializer(), dlqValues,
                r -> true, 2, WAIT).stream()
            .collect(Collectors.toMap(r -> new String(bytes(r.value().getRecordKey()), StandardCharsets.UTF_8), r -> r.value()));
    assertThat(letters.keySet()).isEqualTo(Set.of("bad-json", "bad-id"));
    assertThat(letters.get("bad-json").getReason()).isEqualTo(DeadLetterReason.MALFORMED_FRAME);
    assertThat(letters.get("bad-id").getReason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA_ID);
    assertThat(letters.get("bad-id").getSourceTopic()).isEqualTo(in);
    assertThat(letters.get("bad-id").getStage()).isEqualTo("decode");
  }

  private static <T> KafkaSink<T> exactlyOnce(
      EmbeddedPlatform platform, String topic, String transactionalIdPrefix,
      org.apache.flink.api.common.serialization.SerializationSchema<T> values) {
    Properties producer = new Properties();
    producer.put("transaction.timeout.ms", "60000");
    return KafkaSink.<T>builder()
        .setBootstrapServers(platform.bootstrapServers())
        .setKafkaProducerConfig(producer)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setRecordSerializer(
            KafkaRecordSerializationSchema.<T>builder().setTopic(topic).setValueSerializationSchema(values).build())
        .build();
  }

  private static ImageEvent event(int i) {
    Random random = new Random(i);
    float[] values = new float[64];
    for (int d = 0; d < 64; d++) {
      values[d] = (float) random.nextGaussian();
    }
    return ImageEvent.newBuilder()
        .setImageId("img-" + i)
        .setTenant("tenant-" + (i % 3))
        .setUploadedAt(Instant.parse("2026-11-28T12:00:00Z").plusSeconds(i))
        .setEmbedding(EmbeddingVectors.of("test@1", values))
        .build();
  }

  /** A stand-in hash (sign of each of 64 embedding values), so that outputs are checkable. */
  private static HashCode signCode(ImageEvent e) {
    byte[] code = new byte[8];
    float[] v = EmbeddingVectors.toFloats(e.getEmbedding());
    for (int b = 0; b < 64; b++) {
      if (v[b] > 0) {
        code[b >>> 3] |= (byte) (0x80 >>> (b & 7));
      }
    }
    return HashCode.newBuilder()
        .setImageId(e.getImageId())
        .setTenant(e.getTenant())
        .setModelVersion("sign-64")
        .setBits(64)
        .setCode(ByteBuffer.wrap(code))
        .setUploadedAt(e.getUploadedAt())
        .setHashedAt(e.getUploadedAt())
        .build();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** Raw record to ImageEvent through the job's decoder; what does not decode is a dead letter. */
  private static final class DecodeImageEvents extends ProcessFunction<RawKafkaRecord, ImageEvent>
      implements ResultTypeQueryable<ImageEvent> {
    private final RecordDecoder<ImageEvent> decoder;

    DecodeImageEvents(RegistrySupplier registry) {
      this.decoder = new RecordDecoder<>(ImageEvent.class, registry, 1 << 20, "decode");
    }

    @Override
    public TypeInformation<ImageEvent> getProducedType() {
      return decoder.schema().getProducedType();
    }

    @Override
    public void open(OpenContext openContext) {
      decoder.schema().open(null);
    }

    @Override
    public void processElement(RawKafkaRecord raw, Context ctx, Collector<ImageEvent> out) {
      ImageEvent event = decoder.decode(raw, ctx.timerService().currentProcessingTime(),
          d -> ctx.output(OperatorIds.DEAD_LETTERS, d));
      if (event != null) {
        out.collect(event);
      }
    }
  }
}
