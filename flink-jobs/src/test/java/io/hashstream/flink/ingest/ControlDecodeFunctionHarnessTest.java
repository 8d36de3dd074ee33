package io.hashstream.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.flink.serde.RawKafkaRecord;
import io.hashstream.flink.swap.ControlMessage;
import io.hashstream.flink.topology.OperatorIds;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.SampleRecords;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.registry.InMemorySchemaRegistry;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.flink.model.ModelReference;
import io.hashstream.flink.model.ModelUpdatePolicy;
import io.hashstream.inference.DefaultModel;
import io.hashstream.schemas.SwapStage;
import io.hashstream.schemas.security.ModelSigning;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * Decoding the control topic: good updates keep where they came from, bad ones are dead-lettered;
 * a PREPARE must be signed by a trusted key and name an artifact under an allowed location.
 */
class ControlDecodeFunctionHarnessTest {
  private static final InMemorySchemaRegistry REGISTRY = new InMemorySchemaRegistry();
  private static final KeyPair TRUSTED = ModelSigning.generateKeyPair();
  private static final ModelUpdatePolicy POLICY = new ModelUpdatePolicy(
      Map.of(ModelSigning.keyId(TRUSTED.getPublic()), TRUSTED.getPublic()), List.of("file:///models/"));

  private static ModelUpdate signed(ModelUpdate u) {
    return ModelSigning.sign(u, TRUSTED.getPrivate(), TRUSTED.getPublic());
  }

  private static byte[] frame(ModelUpdate u) {
    return new RegistryAvroCodec<>(REGISTRY, ModelUpdate.class).encode(Topic.HASHCODER_CONTROL.valueSubject(), u);
  }

  @Test
  void anUpdateKeepsItsCoordinatesAndRawBytesForALaterRejection() throws Exception {
    ModelUpdate update = signed(SampleRecords.modelUpdate());
    byte[] raw = frame(update);
    try (var h = ProcessFunctionTestHarnesses.forProcessFunction(
        new ControlDecodeFunction(() -> REGISTRY, 1 << 20, POLICY))) {
      h.processElement(new RawKafkaRecord("hashcoder-control", 0, 42, 1, null, raw), 1);

      ControlMessage m = h.extractOutputValues().get(0);
      assertThat(m.update).isEqualTo(update);
      assertThat(m.isTick()).isFalse();
      assertThat(List.of(m.topic, m.partition, m.offset)).containsExactly("hashcoder-control", 0, 42L);
      assertThat(m.raw).isEqualTo(raw);
      assertThat(h.getSideOutput(OperatorIds.DEAD_LETTERS)).isNull();
    }
  }

  @Test
  void aMalformedOrWronglyTypedControlMessageIsDeadLetteredAndNothingIsEmitted() throws Exception {
    byte[] notAnUpdate = new RegistryAvroCodec<>(REGISTRY, ImageEvent.class)
        .encode(Topic.IMAGES.valueSubject(), SampleRecords.imageEvent());
    byte[] tooBig = new byte[2048];
    try (var h = ProcessFunctionTestHarnesses.forProcessFunction(
        new ControlDecodeFunction(() -> REGISTRY, 1024, POLICY))) {
      h.setProcessingTime(77);
      h.processElement(new RawKafkaRecord("hashcoder-control", 0, 1, 1, null, new byte[] {1, 2}), 1);
      h.processElement(new RawKafkaRecord("hashcoder-control", 0, 2, 1, null, notAnUpdate), 1);
      h.processElement(new RawKafkaRecord("hashcoder-control", 0, 3, 1, null, tooBig), 1);

      assertThat(h.extractOutputValues()).isEmpty();
      List<DeadLetter> letters =
          h.getSideOutput(OperatorIds.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
      assertThat(letters).extracting(DeadLetter::getSourceOffset).containsExactly(1L, 2L, 3L);
      assertThat(letters.get(0).getReason()).isEqualTo(DeadLetterReason.MALFORMED_FRAME);
      assertThat(letters.get(1).getReason()).isNotEqualTo(DeadLetterReason.MALFORMED_FRAME);
      assertThat(letters.get(2).getReason()).isEqualTo(DeadLetterReason.PAYLOAD_TOO_LARGE);
      assertThat(letters).allSatisfy(d -> {
        assertThat(d.getStage()).isEqualTo("control");
        assertThat(d.getFailedAt().toEpochMilli()).isEqualTo(77);
      });
    }
  }
  @Test
  void onlySignedUpdatesOfTrustedKeysFromAllowedLocationsGoOn() throws Exception {
    ModelUpdate good = SampleRecords.modelUpdate();
    KeyPair stranger = ModelSigning.generateKeyPair();
    ModelUpdate outside = ModelUpdate.newBuilder(good).setArtifactUri("file:///etc/passwd").build();
    ModelUpdate climbing = ModelUpdate.newBuilder(good).setArtifactUri("file:///models/%2e%2e/etc/passwd").build();
    List<ModelUpdate> refused = List.of(
        ModelUpdate.newBuilder(good).setSignature(null).setSigningKeyId(null).build(),
        ModelSigning.sign(good, stranger.getPrivate(), stranger.getPublic()),
        ModelUpdate.newBuilder(signed(good)).setArtifactSha256("cd".repeat(32)).build(),
        ModelUpdate.newBuilder(signed(good)).setVersion("crovca-64-v3").build(),
        signed(outside),
        signed(climbing));
    ModelUpdate activate = ModelUpdate.newBuilder(good).setSignature(null).setSigningKeyId(null)
        .setStage(SwapStage.ACTIVATE).build();
    ModelUpdate rollbackToDefault = signed(ModelUpdate.newBuilder(good)
        .setArtifactUri(ModelReference.CLASSPATH + DefaultModel.RESOURCE).build());
    try (var h = ProcessFunctionTestHarnesses.forProcessFunction(
        new ControlDecodeFunction(() -> REGISTRY, 1 << 20, POLICY))) {
      long offset = 0;
      for (ModelUpdate u : refused) {
        h.processElement(new RawKafkaRecord("hashcoder-control", 0, offset++, 1, null, frame(u)), 1);
      }
      h.processElement(new RawKafkaRecord("hashcoder-control", 0, offset++, 1, null, frame(activate)), 1);
      h.processElement(new RawKafkaRecord("hashcoder-control", 0, offset, 1, null, frame(rollbackToDefault)), 1);

      assertThat(h.extractOutputValues()).extracting(m -> m.update).containsExactly(activate, rollbackToDefault);
      List<DeadLetter> letters =
          h.getSideOutput(OperatorIds.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
      assertThat(letters).extracting(DeadLetter::getReason).containsExactly(
          DeadLetterReason.MODEL_SIGNATURE_INVALID, DeadLetterReason.MODEL_SIGNATURE_INVALID,
          DeadLetterReason.MODEL_SIGNATURE_INVALID, DeadLetterReason.MODEL_SIGNATURE_INVALID,
          DeadLetterReason.MODEL_LOCATION_NOT_ALLOWED, DeadLetterReason.MODEL_LOCATION_NOT_ALLOWED);
      assertThat(letters.get(0).getMessage()).contains("not signed").contains("--signing-key");
      assertThat(letters.get(1).getMessage()).contains("does not trust")
          .contains(ModelSigning.keyId(TRUSTED.getPublic()));
      assertThat(letters.get(2).getMessage()).contains("does not match");
      assertThat(letters.get(4).getMessage()).contains("file:///models/");
      assertThat(letters).allSatisfy(d -> assertThat(d.getPayload()).as("raw record kept").isNotNull());
    }
  }
}
