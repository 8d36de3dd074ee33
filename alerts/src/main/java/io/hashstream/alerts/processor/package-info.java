/**
 * The processors of the topology, in the order a match meets them: {@link
 * io.hashstream.alerts.processor.DecodeProcessor} (bad input to dead letters), {@link
 * io.hashstream.alerts.processor.VerdictJoinProcessor} (banks and late verdicts), {@link
 * io.hashstream.alerts.processor.ClusterProcessor} (clusters, one action per image), {@link
 * io.hashstream.alerts.processor.FloodControlProcessor} (quarantine) and {@link
 * io.hashstream.alerts.processor.ActionLogProcessor}; and {@link
 * io.hashstream.alerts.processor.ThumbnailProcessor} for the live page. Their state records are
 * here too. Each processor instance belongs to one stream task and is used by one thread.
 *
 * <pre>{@code
 * stream.process(() -> new ClusterProcessor(rules), Named.as("cluster"),
 *     StoreNames.MEMBERS, StoreNames.CLUSTERS);
 * }</pre>
 */
package io.hashstream.alerts.processor;
