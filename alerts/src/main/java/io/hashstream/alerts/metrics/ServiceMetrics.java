package io.hashstream.alerts.metrics;

import io.hashstream.schemas.ActionType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the service counts itself, for {@code /metrics}: the actions it emits by type, and the
 * look-up API's requests (latency by endpoint, answers by endpoint and status). One per instance,
 * shared by the topology's processors and the HTTP side; thread-safe. Labels are bounded: action
 * types, the API's endpoint names ({@link #ENDPOINTS}, anything else is {@code other}) and HTTP
 * status codes; never a tenant, image or token.
 *
 * <p>Actions are counted when the action-log processor passes one on to {@code moderation-actions}:
 * under exactly-once a transaction that aborts and is retried by this instance counts its actions
 * again (rare: a task migrating mid-commit), and a restarted instance starts from zero, which
 * Prometheus' {@code rate()} and {@code increase()} take as a counter reset.
 */
public final class ServiceMetrics implements MetricsSource {
  public static final String ACTIONS = "hashstream_moderation_actions_total";
  public static final String LOOKUP_SECONDS = "hashstream_lookup_request_duration_seconds";
  public static final String LOOKUP_RESPONSES = "hashstream_lookup_responses_total";

  /** The look-up API's endpoints, the values of the {@code endpoint} label besides {@code other}. */
  public static final Set<String> ENDPOINTS = Set.of("verdict", "case", "actions", "clusters", "thumbnail", "health");

  private final Map<ActionType, LongAdder> actions = new EnumMap<>(ActionType.class);
  private final ConcurrentMap<String, LatencyHistogram> lookups = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ConcurrentMap<Integer, LongAdder>> responses = new ConcurrentHashMap<>();

  public ServiceMetrics() {
    for (ActionType t : ActionType.values()) {
      actions.put(t, new LongAdder());
    }
  }

  /** Counts one emitted action. */
  public void actionEmitted(ActionType type) {
    actions.get(type).increment();
  }

  /** How many actions of {@code type} this instance emitted. */
  public long actions(ActionType type) {
    return actions.get(type).sum();
  }

  /**
   * Records one look-up request.
   *
   * @param endpoint the endpoint's name; any not in {@link #ENDPOINTS} counts as {@code other}
   * @param status the HTTP status answered
   * @param nanos how long it took, from the request's arrival at the API's filters to its answer
   */
  public void lookup(String endpoint, int status, long nanos) {
    String e = ENDPOINTS.contains(endpoint) ? endpoint : "other";
    lookups.computeIfAbsent(e, k -> new LatencyHistogram()).record(nanos);
    responses.computeIfAbsent(e, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(status, k -> new LongAdder())
        .increment();
  }

  /** How many look-ups of {@code endpoint} were recorded. */
  public long lookups(String endpoint) {
    LatencyHistogram h = lookups.get(endpoint);
    return h == null ? 0 : h.count();
  }

  @Override
  public void writeTo(PrometheusText out) {
    out.family(ACTIONS, PrometheusText.COUNTER,
        "Moderation actions this instance emitted to moderation-actions, by type, since it started.");
    for (Map.Entry<ActionType, LongAdder> e : actions.entrySet()) {
      out.sample(ACTIONS, e.getValue().sum(), "action", e.getKey().name());
    }
    out.family(LOOKUP_SECONDS, PrometheusText.HISTOGRAM,
        "Duration of look-up API requests (/api/v1/...) on this instance, by endpoint, including"
            + " forwarding to the instance that holds the key.");
    new TreeMap<>(lookups).forEach((endpoint, h) -> h.writeTo(out, LOOKUP_SECONDS, "endpoint", endpoint));
    out.family(LOOKUP_RESPONSES, PrometheusText.COUNTER, "Look-up API answers by endpoint and HTTP status.");
    new TreeMap<>(responses).forEach((endpoint, byStatus) -> new TreeMap<>(byStatus).forEach(
        (status, n) -> out.sample(LOOKUP_RESPONSES, n.sum(), "endpoint", endpoint, "code", String.valueOf(status))));
  }
}
