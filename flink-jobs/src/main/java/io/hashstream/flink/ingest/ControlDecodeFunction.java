package io.hashstream.flink.ingest;

import io.hashstream.flink.serde.RawKafkaRecord;
import io.hashstream.flink.serde.RecordDecoder;
import io.hashstream.flink.swap.ControlMessage;
import io.hashstream.flink.topology.OperatorIds;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.registry.RegistrySupplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Raw record on the control topic → {@link ControlMessage}; a malformed control message goes to
 * {@link OperatorIds#DEAD_LETTERS} and the job keeps running on its current model. Whether the
 * update itself is acceptable (checksum, encoder, code length) is decided where the model is
 * loaded, in {@link io.hashstream.flink.matching.MatchFunction}.
 */
public final class ControlDecodeFunction extends ProcessFunction<RawKafkaRecord, ControlMessage> {
  private static final long serialVersionUID = 1L;

  private final RecordDecoder<ModelUpdate> decoder;

  public ControlDecodeFunction(RegistrySupplier registry, int maxRecordBytes) {
    this.decoder = new RecordDecoder<>(ModelUpdate.class, registry, maxRecordBytes, "control");
  }

  @Override
  public void open(OpenContext openContext) {
    decoder.schema().open(null);
  }

  @Override
  public void processElement(RawKafkaRecord raw, Context ctx, Collector<ControlMessage> out) {
    ModelUpdate update =
        decoder.decode(
            raw, ctx.timerService().currentProcessingTime(),
            d -> ctx.output(OperatorIds.DEAD_LETTERS, d));
    if (update != null) {
      ControlMessage m = new ControlMessage();
      m.update = update;
      m.topic = raw.topic;
      m.partition = raw.partition;
      m.offset = raw.offset;
      m.raw = raw.value;
      out.collect(m);
    }
  }
}
