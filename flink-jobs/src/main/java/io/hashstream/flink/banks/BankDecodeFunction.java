package io.hashstream.flink.banks;

import io.hashstream.flink.serde.RawKafkaRecord;
import io.hashstream.flink.serde.RecordDecoder;
import io.hashstream.flink.topology.OperatorIds;
import io.hashstream.schemas.BankKeys;
import io.hashstream.schemas.BankSignal;
import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.registry.RegistrySupplier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Raw record of {@code bank-signals} → {@link BankEntryChange}: a tombstone removes its key's entry;
 * a value is decoded and checked ({@link BankKeys#requireValid}). An undecodable frame, a missing or
 * malformed key, or a value its key or rules refuse goes to {@link OperatorIds#DEAD_LETTERS}
 * ({@code INVALID_BANK_SIGNAL}, or the wire format's reason) and changes nothing.
 */
public final class BankDecodeFunction extends ProcessFunction<RawKafkaRecord, BankEntryChange> {
  private static final long serialVersionUID = 1L;

  private final RecordDecoder<BankSignal> decoder;
  private transient Counter rejected;

  public BankDecodeFunction(RegistrySupplier registry, int maxRecordBytes) {
    this.decoder = new RecordDecoder<>(BankSignal.class, registry, maxRecordBytes, "banks");
  }

  @Override
  public void open(OpenContext openContext) {
    decoder.schema().open(null);
    rejected = getRuntimeContext().getMetricGroup().counter("bankSignalsRejected");
  }

  @Override
  public void processElement(RawKafkaRecord raw, Context ctx, Collector<BankEntryChange> out) {
    long now = ctx.timerService().currentProcessingTime();
    String key = raw.key == null ? null : new String(raw.key, StandardCharsets.UTF_8);
    if (key == null || BankKeys.contentIdOf(key) == null) {
      reject(ctx, raw, key, now, "a bank-signals record needs the key bank/signal/contentId, was " + key);
      return;
    }
    if (raw.value == null) {
      out.collect(new BankEntryChange(BankKeys.entryId(key), key, null));
      return;
    }
    BankSignal value = decoder.decode(raw, now, d -> {
      rejected.inc();
      ctx.output(OperatorIds.DEAD_LETTERS, d);
    });
    if (value == null) {
      return;
    }
    try {
      BankKeys.requireValid(key, value);
    } catch (IllegalArgumentException e) {
      reject(ctx, raw, key, now, e.getMessage());
      return;
    }
    out.collect(new BankEntryChange(BankKeys.entryId(key), key, value));
  }

  private void reject(Context ctx, RawKafkaRecord raw, String key, long now, String message) {
    rejected.inc();
    ctx.output(OperatorIds.DEAD_LETTERS, decoder.deadLetters().create(
        DeadLetterReason.INVALID_BANK_SIGNAL, message, raw.topic, raw.partition, raw.offset, raw.key,
        raw.value, BankKeys.contentIdOf(key), Instant.ofEpochMilli(now)));
  }
}
