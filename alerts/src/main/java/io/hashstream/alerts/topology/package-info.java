/**
 * The Kafka Streams topology ({@link io.hashstream.alerts.topology.AlertsTopology}), its typed
 * topics ({@link io.hashstream.alerts.topology.Topics}), store names shared with the HTTP layer
 * ({@link io.hashstream.alerts.topology.StoreNames}) and the tenant partitioning of keys ({@link
 * io.hashstream.alerts.topology.TenantKeys}).
 *
 * <pre>{@code
 * Topics topics = Topics.over(registry);
 * Topology topology = AlertsTopology.build(topics, RulesConfig.defaults());
 * new KafkaStreams(topology, config.streamsProperties(httpPort)).start();
 * // or, in a test: new TopologyTestDriver(topology, props)
 * }</pre>
 */
package io.hashstream.alerts.topology;
