package io.hashstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.HashCode;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.SampleRecords;
import io.hashstream.schemas.Topic;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RegistryAvroCodecTest {
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

  @ParameterizedTest
  @EnumSource(Topic.class)
  void everyTopicRecordRoundTrips(Topic topic) {
    SpecificRecord sample = SampleRecords.forTopic(topic);
    RegistryAvroCodec<SpecificRecord> codec = codecFor(sample);

    byte[] frame = codec.encode(topic.valueSubject(), sample);

    assertThat(frame[0]).isEqualTo(RegistryAvroCodec.MAGIC_BYTE);
    int id = RegistryAvroCodec.schemaIdOf(frame, RegistryAvroCodec.DEFAULT_MAX_FRAME_BYTES);
    assertThat(registry.schemaById(id)).isEqualTo(topic.valueSchema());
    assertThat(codec.decode(frame)).isEqualTo(sample);
  }

  @Test
  void encodingTheSameSubjectTwiceRegistersOnce() {
    RegistryAvroCodec<ImageEvent> codec = new RegistryAvroCodec<>(registry, ImageEvent.class);
    codec.encode("images-value", SampleRecords.imageEvent());
    int callsAfterFirst = registry.calls();
    byte[] second = codec.encode("images-value", SampleRecords.imageEvent());
    codec.decode(second);
    codec.decode(second);
    assertThat(registry.calls()).isEqualTo(callsAfterFirst + 1); // one schema fetch for decoding
  }

  @Test
  void withoutAutoRegisterAnUnregisteredSchemaIsRefused() {
    RegistryAvroCodec<ImageEvent> codec =
        new RegistryAvroCodec<>(registry, ImageEvent.class, false, 1 << 20);
    assertThatThrownBy(() -> codec.encode("images-value", SampleRecords.imageEvent()))
        .isInstanceOf(SchemaRegistryException.NotFound.class);
  }

  @Test
  void emptyAndNullFramesAreEmptyRecords() {
    RegistryAvroCodec<ImageEvent> codec = new RegistryAvroCodec<>(registry, ImageEvent.class);
    assertReason(() -> codec.decode(new byte[0]), DeadLetterReason.EMPTY_RECORD);
    assertReason(() -> codec.decode(null), DeadLetterReason.EMPTY_RECORD);
  }

  @Test
  void wrongMagicByteIsAMalformedFrame() {
    RegistryAvroCodec<ImageEvent> codec = new RegistryAvroCodec<>(registry, ImageEvent.class);
    byte[] json = "{\"imageId\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertReason(() -> codec.decode(json), DeadLetterReason.MALFORMED_FRAME);
  }

  @Test
  void frameShorterThanTheHeaderIsMalformed() {
    RegistryAvroCodec<ImageEvent> codec = new RegistryAvroCodec<>(registry, ImageEvent.class);
    assertReason(() -> codec.decode(new byte[] {0, 0, 1}), DeadLetterReason.MALFORMED_FRAME);
  }

  @Test
  void unknownSchemaIdIsReportedAsSuch() {
    RegistryAvroCodec<ImageEvent> codec = new RegistryAvroCodec<>(registry, ImageEvent.class);
    byte[] frame = {0, 0, 0, 0x7f, 0x7f, 2, 'a'};
    assertReason(() -> codec.decode(frame), DeadLetterReason.UNKNOWN_SCHEMA_ID);
  }

  @Test
  void truncatedPayloadIsUndecodable() {
    RegistryAvroCodec<ImageEvent> codec = new RegistryAvroCodec<>(registry, ImageEvent.class);
    byte[] frame = codec.encode("images-value", SampleRecords.imageEvent());
    byte[] truncated = Arrays.copyOf(frame, frame.length - 7);
    assertReason(() -> codec.decode(truncated), DeadLetterReason.UNDECODABLE_RECORD);
  }

  @Test
  void trailingBytesAreUndecodable() {
    RegistryAvroCodec<ImageEvent> codec = new RegistryAvroCodec<>(registry, ImageEvent.class);
    byte[] frame = codec.encode("images-value", SampleRecords.imageEvent());
    byte[] longer = Arrays.copyOf(frame, frame.length + 3);
    assertReason(() -> codec.decode(longer), DeadLetterReason.UNDECODABLE_RECORD);
  }

  @Test
  void garbageAfterAValidHeaderIsUndecodable() {
    RegistryAvroCodec<ImageEvent> codec = new RegistryAvroCodec<>(registry, ImageEvent.class);
    byte[] frame = codec.encode("images-value", SampleRecords.imageEvent());
    byte[] garbage = frame.clone();
    // a huge negative-looking varint where the imageId length should be
    for (int i = 5; i < Math.min(garbage.length, 15); i++) {
      garbage[i] = (byte) 0xff;
    }
    assertReason(() -> codec.decode(garbage), DeadLetterReason.UNDECODABLE_RECORD);
  }

  @Test
  void aFrameOfAnotherRecordTypeIsRefusedByName() {
    RegistryAvroCodec<HashCode> hashCodes = new RegistryAvroCodec<>(registry, HashCode.class);
    byte[] frame = hashCodes.encode("hash-codes-value", SampleRecords.hashCodeRecord());
    RegistryAvroCodec<ImageEvent> images = new RegistryAvroCodec<>(registry, ImageEvent.class);
    assertThatThrownBy(() -> images.decode(frame))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("io.hashstream.schemas.HashCode");
  }

  @Test
  void oversizedFramesAreRefusedBeforeDecoding() {
    RegistryAvroCodec<ImageEvent> codec =
        new RegistryAvroCodec<>(registry, ImageEvent.class, true, 64);
    byte[] frame = new byte[65];
    assertReason(() -> codec.decode(frame), DeadLetterReason.PAYLOAD_TOO_LARGE);
  }

  @Test
  void unreachableRegistryIsTransient() {
    SchemaRegistry down =
        new HttpSchemaRegistry(
            java.net.URI.create("http://127.0.0.1:1/apis/ccompat/v7"),
            java.time.Duration.ofSeconds(2));
    RegistryAvroCodec<ImageEvent> codec = new RegistryAvroCodec<>(down, ImageEvent.class);
    WireFormatException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            WireFormatException.class, () -> codec.decode(new byte[] {0, 0, 0, 0, 1, 0}));
    assertThat(e.reason()).isEqualTo(DeadLetterReason.REGISTRY_UNAVAILABLE);
    assertThat(e.isTransient()).isTrue();
  }

  @SuppressWarnings("unchecked")
  private RegistryAvroCodec<SpecificRecord> codecFor(SpecificRecord sample) {
    return new RegistryAvroCodec<>(registry, (Class<SpecificRecord>) sample.getClass());
  }

  private static void assertReason(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, DeadLetterReason reason) {
    assertThatThrownBy(call)
        .isInstanceOf(WireFormatException.class)
        .satisfies(e -> assertThat(((WireFormatException) e).reason()).isEqualTo(reason));
  }
}
