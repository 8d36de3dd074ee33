package io.hashstream.flink.function;

import io.hashstream.flink.serde.RawKafkaRecord;
import io.hashstream.flink.serde.RecordDecoder;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.registry.RegistrySupplier;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw Kafka records into one generated record type. A record that cannot be decoded goes
 * to the {@link #DEAD_LETTERS} side output with its reason, coordinates and raw bytes, and the job
 * goes on.
 *
 * <p>The one exception is an unreachable registry: that says nothing about the record, so the
 * function throws and Flink restarts from the last checkpoint and reads the record again, rather
 * than dead-lettering good data during a registry outage.
 */
public final class DecodeFunction<T extends SpecificRecordBase>
    extends ProcessFunction<RawKafkaRecord, T> implements ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;

  /** Where undecodable records go (the job's one dead-letter tag). */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

  private final RecordDecoder<T> decoder;

  public DecodeFunction(Class<T> type, RegistrySupplier registry, int maxFrameBytes, String stage) {
    this.decoder = new RecordDecoder<>(type, registry, maxFrameBytes, stage);
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return decoder.schema().getProducedType();
  }

  @Override
  public void open(OpenContext openContext) {
    decoder.schema().open(null);
  }

  @Override
  public void processElement(RawKafkaRecord raw, Context ctx, Collector<T> out) {
    T record =
        decoder.decode(
            raw, ctx.timerService().currentProcessingTime(), d -> ctx.output(DEAD_LETTERS, d));
    if (record != null) {
      out.collect(record);
    }
  }
}
