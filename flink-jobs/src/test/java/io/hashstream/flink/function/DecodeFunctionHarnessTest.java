package io.hashstream.flink.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.flink.serde.RawKafkaRecord;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.DeadLetterReason;
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
import java.util.Queue;
import org.apache.avro.Schema;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DecodeFunctionHarnessTest {
  private static final InMemorySchemaRegistry REGISTRY = new InMemorySchemaRegistry();

  @Test
  void goodFramesAreDecodedAndBadOnesBecomeDeadLettersWithTheirCoordinates() throws Exception {
    byte[] good =
        new RegistryAvroCodec<>(REGISTRY, ImageEvent.class)
            .encode(Topic.IMAGES.valueSubject(), SampleRecords.imageEvent());
    byte[] bad = {7, 7, 7};
    try (OneInputStreamOperatorTestHarness<RawKafkaRecord, ImageEvent> harness =
        ProcessFunctionTestHarnesses.forProcessFunction(
            new DecodeFunction<>(ImageEvent.class, () -> REGISTRY, 1 << 20, "decode"))) {
      harness.setProcessingTime(1_000);
      harness.processElement(new RawKafkaRecord("images", 1, 10, 5, "k1".getBytes(), good), 5);
      harness.processElement(new RawKafkaRecord("images", 2, 11, 6, "k2".getBytes(), bad), 6);

      assertThat(harness.extractOutputValues()).containsExactly(SampleRecords.imageEvent());
      Queue<StreamRecord<DeadLetter>> letters = harness.getSideOutput(DecodeFunction.DEAD_LETTERS);
      assertThat(letters).hasSize(1);
      DeadLetter letter = letters.peek().getValue();
      assertThat(letter.getReason()).isEqualTo(DeadLetterReason.MALFORMED_FRAME);
      assertThat(List.of(letter.getSourceTopic(), letter.getSourcePartition(), letter.getSourceOffset()))
          .containsExactly("images", 2, 11L);
      assertThat(letter.getPayload()).isEqualTo(ByteBuffer.wrap(bad));
      assertThat(letter.getFailedAt().toEpochMilli()).isEqualTo(1_000);
      assertThat(letter.getStage()).isEqualTo("decode");
    }
  }

  @Test
  void anUnreachableRegistryFailsTheTaskInsteadOfDeadLetteringGoodData() throws Exception {
    RegistrySupplier down = DecodeFunctionHarnessTest::unreachable;
    try (OneInputStreamOperatorTestHarness<RawKafkaRecord, ImageEvent> harness =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(new DecodeFunction<>(ImageEvent.class, down, 1 << 20, "decode")))) {
      harness.open();
      assertThatThrownBy(
              () -> harness.processElement(
                  new RawKafkaRecord("images", 0, 0, 0, null, new byte[] {0, 0, 0, 0, 9, 1}), 0))
          .hasMessageContaining("REGISTRY_UNAVAILABLE");
      assertThat(harness.getSideOutput(DecodeFunction.DEAD_LETTERS)).isNull();
    }
  }

  private static SchemaRegistry unreachable() {
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
