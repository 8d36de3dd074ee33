/**
 * Immutable, validated configuration: {@link io.hashstream.alerts.config.RulesConfig} (the
 * moderation rules and every state bound) and {@link io.hashstream.alerts.config.AlertsConfig}
 * (where Kafka, the registry, the state and the HTTP port are).
 *
 * <pre>{@code
 * RulesConfig rules = RulesConfig.defaults()
 *     .withBankMaxDistance("known-csam", 6)
 *     .withFlood(20, Duration.ofMinutes(1), Duration.ofHours(1));
 * AlertsConfig config = new AlertsConfig(id, bootstrap, registryUrl, stateDir, 18090,
 *     Duration.ofMillis(100), 1, Map.of(), rules);
 * }</pre>
 */
package io.hashstream.alerts.config;
