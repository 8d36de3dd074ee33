package io.hashstream.alerts.processor;

import io.hashstream.alerts.metrics.ServiceMetrics;
import io.hashstream.alerts.topology.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import io.hashstream.schemas.ModerationAction;

/**
 * Keeps every emitted action in {@link StoreNames#RECENT_ACTIONS} (key: the tenant; a window store
 * whose retention is {@code actionsWindow}) for look-ups and the live page, counts it by type
 * ({@link ServiceMetrics#actionEmitted}), and passes it on.
 */
public final class ActionLogProcessor
    implements Processor<String, ModerationAction, String, ModerationAction> {
  private final ServiceMetrics metrics;
  private ProcessorContext<String, ModerationAction> context;
  private WindowStore<String, ModerationAction> recent;

  public ActionLogProcessor(ServiceMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, ModerationAction> context) {
    this.context = context;
    this.recent = context.getStateStore(StoreNames.RECENT_ACTIONS);
  }

  @Override
  public void process(Record<String, ModerationAction> record) {
    recent.put(record.value().getTenant(), record.value(), record.timestamp());
    context.forward(record);
    metrics.actionEmitted(record.value().getAction());
  }
}
