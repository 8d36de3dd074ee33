package io.hashstream.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.flink.serde.RawKafkaRecord;
import io.hashstream.flink.topology.OperatorIds;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.EmbeddingVectors;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.SampleRecords;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.registry.InMemorySchemaRegistry;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.schemas.registry.RegistrySupplier;
import io.hashstream.schemas.registry.SchemaRegistry;
import io.hashstream.schemas.registry.SchemaRegistryException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The job's first step through Flink's harness: decoding, checks, dead letters, and time. */
class IngestFunctionHarnessTest {
  private static final InMemorySchemaRegistry REGISTRY = new InMemorySchemaRegistry();
  private static final String ENCODER = "test-encoder@1";
  private static final UploadCheck CHECK = new UploadCheck(ENCODER, 3, 1 << 10);

  private static OneInputStreamOperatorTestHarness<RawKafkaRecord, PendingUpload> harness(
      RegistrySupplier registry) throws Exception {
    return ProcessFunctionTestHarnesses.forProcessFunction(
        new IngestFunction(registry, 1 << 20, CHECK));
  }

  private static byte[] frame(ImageEvent event) {
    return new RegistryAvroCodec<>(REGISTRY, ImageEvent.class).encode(Topic.IMAGES.valueSubject(), event);
  }

  private static RawKafkaRecord record(int partition, long offset, String key, byte[] value) {
    return new RawKafkaRecord("images", partition, offset, 5, key.getBytes(), value);
  }

  private static List<DeadLetter> deadLetters(
      OneInputStreamOperatorTestHarness<RawKafkaRecord, PendingUpload> h) {
    var letters = h.getSideOutput(OperatorIds.DEAD_LETTERS);
    return letters == null ? List.of() : letters.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void aRecordOverTheSizeLimitIsDeadLetteredUndecoded() throws Exception {
    try (var h = ProcessFunctionTestHarnesses.forProcessFunction(new IngestFunction(() -> REGISTRY, 64, CHECK))) {
      byte[] big = frame(ImageEvent.newBuilder(SampleRecords.imageEvent()).setEmbedding(null)
          .setImageBytes(ByteBuffer.wrap(new byte[65])).build());
      h.processElement(record(0, 7, "k", big), 0);

      assertThat(h.extractOutputValues()).isEmpty();
      assertThat(deadLetters(h)).extracting(DeadLetter::getReason).containsExactly(DeadLetterReason.PAYLOAD_TOO_LARGE);
    }
  }

  @Test
  void aGoodUploadBecomesAPendingUploadStampedWithTheProcessingTime() throws Exception {
    try (var h = harness(() -> REGISTRY)) {
      h.setProcessingTime(1_234);
      h.processElement(record(1, 10, "k1", frame(SampleRecords.imageEvent())), 5);

      PendingUpload p = h.extractOutputValues().get(0);
      assertThat(p.kind()).isEqualTo(PendingUpload.Kind.EMBEDDING);
      assertThat(p.embedding).containsExactly(0.25f, -1.5f, 3.0f);
      assertThat(p.receivedAt).isEqualTo(1_234);
      assertThat(p.uploadedAt).isEqualTo(SampleRecords.T0.toEpochMilli());
      assertThat(List.of(p.sourceTopic, p.sourcePartition, p.sourceOffset))
          .containsExactly("images", 1, 10L);
      assertThat(deadLetters(h)).isEmpty();
    }
  }

  @Test
  void imageBytesKeepTheRawRecordForALaterDeadLetterAnEmbeddingDoesNot() throws Exception {
    ImageEvent bytesOnly = ImageEvent.newBuilder(SampleRecords.imageEvent()).setEmbedding(null).build();
    byte[] raw = frame(bytesOnly);
    try (var h = harness(() -> REGISTRY)) {
      h.processElement(record(0, 1, "k", raw), 0);
      h.processElement(record(0, 2, "k", frame(SampleRecords.imageEvent())), 0);

      List<PendingUpload> out = h.extractOutputValues();
      assertThat(out.get(0).kind()).isEqualTo(PendingUpload.Kind.BYTES);
      assertThat(out.get(0).sourceValue).isEqualTo(raw);
      assertThat(out.get(1).sourceValue).isNull();
    }
  }

  @Test
  void undecodableFramesAndRejectedUploadsBecomeDeadLettersWithTheirCoordinates() throws Exception {
    byte[] garbage = {7, 7, 7};
    ImageEvent wrongSize = ImageEvent.newBuilder(SampleRecords.imageEvent())
        .setEmbedding(EmbeddingVectors.of(ENCODER, new float[] {1, 2})).setImageBytes(null).build();
    ImageEvent nothing = ImageEvent.newBuilder(SampleRecords.imageEvent())
        .setEmbedding(null).setImageBytes(null).setImageUri(null).build();
    try (var h = harness(() -> REGISTRY)) {
      h.setProcessingTime(1_000);
      h.processElement(record(2, 11, "k2", garbage), 6);
      h.processElement(record(2, 12, "k3", frame(wrongSize)), 6);
      h.processElement(record(2, 13, "k4", frame(nothing)), 6);

      assertThat(h.extractOutputValues()).isEmpty();
      List<DeadLetter> letters = deadLetters(h);
      assertThat(letters).extracting(DeadLetter::getReason).containsExactly(
          DeadLetterReason.MALFORMED_FRAME, DeadLetterReason.WRONG_EMBEDDING_SIZE,
          DeadLetterReason.MISSING_IMAGE);
      DeadLetter first = letters.get(0);
      assertThat(List.of(first.getSourceTopic(), first.getSourcePartition(), first.getSourceOffset()))
          .containsExactly("images", 2, 11L);
      assertThat(first.getPayload()).isEqualTo(ByteBuffer.wrap(garbage));
      assertThat(first.getFailedAt().toEpochMilli()).isEqualTo(1_000);
      assertThat(first.getStage()).isEqualTo("ingest");
      assertThat(letters.get(1).getImageId()).isEqualTo("img-1");
      assertThat(letters.get(1).getMessage()).isNotBlank();
    }
  }

  @Test
  void anUnreachableRegistryFailsTheTaskInsteadOfDeadLetteringGoodData() throws Exception {
    try (var h = harness(IngestFunctionHarnessTest::unreachable)) {
      assertThatThrownBy(() -> h.processElement(record(0, 0, "k", new byte[] {0, 0, 0, 0, 9, 1}), 0))
          .hasMessageContaining("REGISTRY_UNAVAILABLE");
      assertThat(deadLetters(h)).isEmpty();
    }
  }

  static SchemaRegistry unreachable() {
    return new SchemaRegistry() {
      @Override public int register(String subject, Schema schema) { throw down(); }
      @Override public int lookupId(String subject, Schema schema) { throw down(); }
      @Override public Schema schemaById(int id) { throw down(); }
      @Override public void setCompatibility(String subject, Compatibility c) { throw down(); }
      @Override public boolean isCompatible(String subject, Schema schema) { throw down(); }
    };
  }

  private static SchemaRegistryException down() {
    return new SchemaRegistryException("connection refused", 0, 0, null);
  }
}
