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
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Decoding the control topic: good updates keep where they came from, bad ones are dead-lettered. */
class ControlDecodeFunctionHarnessTest {
  private static final InMemorySchemaRegistry REGISTRY = new InMemorySchemaRegistry();

  @Test
  void anUpdateKeepsItsCoordinatesAndRawBytesForALaterRejection() throws Exception {
    byte[] raw = new RegistryAvroCodec<>(REGISTRY, ModelUpdate.class)
        .encode(Topic.HASHCODER_CONTROL.valueSubject(), SampleRecords.modelUpdate());
    try (var h = ProcessFunctionTestHarnesses.forProcessFunction(
        new ControlDecodeFunction(() -> REGISTRY, 1 << 20))) {
      h.processElement(new RawKafkaRecord("hashcoder-control", 0, 42, 1, null, raw), 1);

      ControlMessage m = h.extractOutputValues().get(0);
      assertThat(m.update).isEqualTo(SampleRecords.modelUpdate());
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
        new ControlDecodeFunction(() -> REGISTRY, 1024))) {
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
}
