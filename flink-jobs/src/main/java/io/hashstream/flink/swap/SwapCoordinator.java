package io.hashstream.flink.swap;

import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.SwapStage;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The barrier of a hot swap: keyed by model version, it collects every subtask's {@link
 * SwapReady} and, when all of them have built the new index, writes an {@code ACTIVATE} control
 * message to the control topic. Every subtask reads it after the {@code PREPARE} it answers (one
 * partition, one order), so no subtask switches before every subtask is ready, and the switch
 * itself is a record in the topic, visible to operators and replayed after a failure.
 *
 * <p>Idempotent: a report replayed after a restore counts once (state is per subtask index); the
 * state of a version is cleared once it is activated, so a later rollback to the same version
 * starts a new round.
 */
public final class SwapCoordinator extends KeyedProcessFunction<String, SwapReady, ModelUpdate> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SwapCoordinator.class);

  private transient MapState<Integer, Long> ready;

  @Override
  public void open(OpenContext openContext) {
    ready = getRuntimeContext().getMapState(new MapStateDescriptor<>("ready", Types.INT, Types.LONG));
  }

  @Override
  public void processElement(SwapReady report, Context ctx, Collector<ModelUpdate> out)
      throws Exception {
    ready.put(report.subtask, report.items);
    int count = 0;
    long items = 0;
    for (var e : ready.entries()) {
      count++;
      items += e.getValue();
    }
    LOG.info(
        "swap to {}: subtask {} ready ({} items in {} ms), {}/{} subtasks ready",
        report.version(), report.subtask, report.items, report.millis, count, report.parallelism);
    if (count >= report.parallelism) {
      ready.clear();
      LOG.info("swap to {}: every subtask ready ({} items), activating", report.version(), items);
      out.collect(
          report.model.toUpdate(
              SwapStage.ACTIVATE, ctx.timerService().currentProcessingTime(), "hashstream-job"));
    }
  }
}
