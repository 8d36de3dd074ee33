package io.hashstream.flink.ingest;

import io.hashstream.flink.model.ModelRejectedException;
import io.hashstream.flink.model.ModelUpdatePolicy;
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
 * Raw record on the control topic → {@link ControlMessage}; a malformed control message, and a
 * {@code PREPARE} that is unsigned, signed by an untrusted key or names an artifact outside the
 * allowed locations ({@link ModelUpdatePolicy}), go to {@link OperatorIds#DEAD_LETTERS} and the job
 * keeps running on its current model; no file is read for them. Whether a signed update's artifact
 * is what it promises (checksum, encoder, code length) is decided where the model is loaded, in
 * {@link io.hashstream.flink.matching.MatchFunction}. Runs with parallelism 1, like the control
 * source: one dead letter per refused update.
 */
public final class ControlDecodeFunction extends ProcessFunction<RawKafkaRecord, ControlMessage> {
  private static final long serialVersionUID = 1L;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ControlDecodeFunction.class);

  private final RecordDecoder<ModelUpdate> decoder;
  private final ModelUpdatePolicy policy;

  public ControlDecodeFunction(RegistrySupplier registry, int maxRecordBytes, ModelUpdatePolicy policy) {
    this.decoder = new RecordDecoder<>(ModelUpdate.class, registry, maxRecordBytes, "control");
    this.policy = policy;
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
    if (update == null) {
      return;
    }
    try {
      policy.check(update);
    } catch (ModelRejectedException e) {
      LOG.warn("refused model update {}: {}", update.getVersion(), e.reason());
      ctx.output(OperatorIds.DEAD_LETTERS, decoder.deadLetters().create(
          e.reason(), e.getMessage(), raw.topic, raw.partition, raw.offset, raw.key, raw.value,
          null, java.time.Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
      return;
    }
    ControlMessage m = new ControlMessage();
    m.update = update;
    m.topic = raw.topic;
    m.partition = raw.partition;
    m.offset = raw.offset;
    m.raw = raw.value;
    out.collect(m);
  }
}
