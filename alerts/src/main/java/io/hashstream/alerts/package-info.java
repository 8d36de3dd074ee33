/**
 * The moderation service: {@link io.hashstream.alerts.AlertsApp} runs the topology and the HTTP
 * side; {@code ./hashstream alerts} ({@link io.hashstream.alerts.AlertsOptions}) starts it from
 * the command line; {@code ./hashstream bench-alerts} (in {@code benchmarks/moderation})
 * measures it.
 *
 * <pre>{@code
 * AlertsConfig config = new AlertsOptions().toConfig();   // or build one in code
 * try (AlertsApp app = AlertsApp.start(config)) {
 *   app.awaitRunning(Duration.ofSeconds(60));
 *   System.out.println("live page: " + app.pageUrl());
 * }
 * }</pre>
 */
package io.hashstream.alerts;
