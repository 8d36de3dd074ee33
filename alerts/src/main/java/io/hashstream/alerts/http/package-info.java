/**
 * The HTTP side: the look-up API over interactive queries, routed to the instance that holds a key
 * ({@link io.hashstream.alerts.http.Routing}), the live page, and the Prometheus metrics at {@code
 * /metrics} ({@link io.hashstream.alerts.metrics}). Handlers read stores only through {@link
 * io.hashstream.alerts.http.CaseLookup}.
 *
 * <pre>{@code
 * AlertsHttpServer http = AlertsHttpServer.bind("127.0.0.1", 0);
 * StreamsQueries queries = new StreamsQueries(streams, new HostInfo("127.0.0.1", http.port()));
 * http.start(new CaseLookup(queries), queries, () -> streams.state().name(),
 *     metrics, StreamsMetricsExport.of(streams));
 * }</pre>
 */
package io.hashstream.alerts.http;
