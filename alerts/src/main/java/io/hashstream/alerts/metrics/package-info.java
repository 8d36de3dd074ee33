/**
 * The service's metrics in the Prometheus text format, served on {@code GET /metrics}: what the
 * service itself counts ({@link io.hashstream.alerts.metrics.ServiceMetrics}: actions by type,
 * look-up latency) and a selection of Kafka Streams' own client metrics ({@link
 * io.hashstream.alerts.metrics.StreamsMetricsExport}: state, consumer lag, process rate, commit
 * latency), written by {@link io.hashstream.alerts.metrics.PrometheusText} without a client
 * library. No label carries a tenant, an image id or anything else of a tenant's cases.
 */
package io.hashstream.alerts.metrics;
