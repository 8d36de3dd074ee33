package io.hashstream.flink.banks;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.flink.serde.RawKafkaRecord;
import io.hashstream.flink.topology.OperatorIds;
import io.hashstream.schemas.BankKeys;
import io.hashstream.schemas.BankSignal;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.SampleRecords;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.registry.InMemorySchemaRegistry;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Reading bank-signals: entries and tombstones pass, every kind of bad record is dead-lettered. */
class BankDecodeFunctionHarnessTest {
  private static final InMemorySchemaRegistry REGISTRY = new InMemorySchemaRegistry();

  @Test
  void entriesAndTombstonesPassAndBadRecordsAreDeadLetteredWithTheirReason() throws Exception {
    BankSignal good = SampleRecords.bankSignal();
    String key = BankKeys.keyOf(good);
    BankSignal badHex = BankSignal.newBuilder(good).setSignal("xyz").build();
    BankSignal otherContent = BankSignal.newBuilder(good).setContentId("other").build();
    try (var h = ProcessFunctionTestHarnesses.forProcessFunction(
        new BankDecodeFunction(() -> REGISTRY, 1 << 20))) {
      h.processElement(raw(1, key, encode(good)), 1);
      h.processElement(raw(2, key, null), 1);
      h.processElement(raw(3, key, encode(badHex)), 1);
      h.processElement(raw(4, key, encode(otherContent)), 1);
      h.processElement(raw(5, null, encode(good)), 1);
      h.processElement(raw(6, key, new byte[] {0, 0, 0, 0, 99, 1}), 1);

      List<BankEntryChange> out = h.extractOutputValues();
      assertThat(out).extracting(BankEntryChange::toString)
          .containsExactly("put " + key, "remove " + key);
      assertThat(out.get(0).entryId).isEqualTo(BankKeys.entryId(key)).isEqualTo(out.get(1).entryId);
      List<DeadLetter> letters =
          h.getSideOutput(OperatorIds.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
      assertThat(letters).extracting(DeadLetter::getSourceOffset).containsExactly(3L, 4L, 5L, 6L);
      assertThat(letters.subList(0, 3)).allSatisfy(d ->
          assertThat(d.getReason()).isEqualTo(DeadLetterReason.INVALID_BANK_SIGNAL));
      assertThat(letters.get(0).getMessage()).contains("64 hex digits");
      assertThat(letters.get(1).getMessage()).contains("is not the entry's key");
      assertThat(letters.get(2).getMessage()).contains("needs the key");
      assertThat(letters.get(3).getReason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA_ID);
      assertThat(letters).allSatisfy(d -> assertThat(d.getStage()).isEqualTo("banks"));
    }
  }

  private static byte[] encode(BankSignal s) {
    return new RegistryAvroCodec<>(REGISTRY, BankSignal.class)
        .encode(Topic.BANK_SIGNALS.valueSubject(), s);
  }

  private static RawKafkaRecord raw(long offset, String key, byte[] value) {
    return new RawKafkaRecord("bank-signals", 0, offset, 1,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
  }
}
