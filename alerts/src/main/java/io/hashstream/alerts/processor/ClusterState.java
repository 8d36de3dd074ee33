package io.hashstream.alerts.processor;

import io.hashstream.alerts.topology.TenantKeys;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A near-duplicate cluster of one tenant, in store {@link
 * io.hashstream.alerts.topology.StoreNames#CLUSTERS}: a union-find node. A cluster merged into a
 * larger one keeps a pointer to it ({@link #mergedInto}); the root holds the size and the list.
 *
 * @param clusterId deterministic id ({@link ActionIds#cluster})
 * @param tenant the tenant
 * @param seedId the earlier image of the match that founded it
 * @param createdAtMs when it was founded (stream time)
 * @param lastActiveAtMs when a match last touched it; it is purged {@code clusterIdleTtl} after
 * @param size members, exact
 * @param members the most recent member ids, at most {@code maxListedMembers}
 * @param mergedInto the cluster that absorbed this one, or null for a root
 */
public record ClusterState(
    String clusterId,
    String tenant,
    String seedId,
    long createdAtMs,
    long lastActiveAtMs,
    long size,
    List<String> members,
    String mergedInto) {

  /** Union-find chains are short (union by size); this bounds a walk over corrupt state. */
  static final int MAX_HOPS = 64;

  static ClusterState seed(
      String clusterId, String tenant, String seedId, String secondId, long atMs) {
    return new ClusterState(
        clusterId, tenant, seedId, atMs, atMs, 2, List.of(seedId, secondId), null);
  }

  /** This cluster with one more member, listing at most {@code maxListed}. */
  ClusterState plus(String member, long atMs, int maxListed) {
    List<String> listed = new ArrayList<>(members);
    listed.add(member);
    while (listed.size() > maxListed) {
      listed.remove(0);
    }
    return new ClusterState(
        clusterId, tenant, seedId, createdAtMs, Math.max(lastActiveAtMs, atMs), size + 1, listed,
        null);
  }

  /** This root after absorbing {@code other}. */
  ClusterState absorb(ClusterState other, long atMs, int maxListed) {
    List<String> listed = new ArrayList<>(members);
    for (String m : other.members) {
      if (!listed.contains(m)) {
        listed.add(m);
      }
    }
    while (listed.size() > maxListed) {
      listed.remove(0);
    }
    return new ClusterState(
        clusterId, tenant, seedId, Math.min(createdAtMs, other.createdAtMs),
        Math.max(lastActiveAtMs, atMs), size + other.size, listed, null);
  }

  ClusterState touchedAt(long atMs) {
    return new ClusterState(
        clusterId, tenant, seedId, createdAtMs, Math.max(lastActiveAtMs, atMs), size, members,
        mergedInto);
  }

  ClusterState mergedInto(String root, long atMs) {
    return new ClusterState(
        clusterId, tenant, seedId, createdAtMs, Math.max(lastActiveAtMs, atMs), size, members,
        root);
  }

  /**
   * The root of cluster {@code clusterId} of {@code tenant}, following merge pointers; null if the
   * cluster (or a cluster on the way) has been purged.
   */
  public static ClusterState resolve(
      ReadOnlyKeyValueStore<String, ClusterState> clusters, String tenant, String clusterId) {
    String id = clusterId;
    for (int hop = 0; hop < MAX_HOPS && id != null; hop++) {
      ClusterState c = clusters.get(TenantKeys.key(tenant, id));
      if (c == null || c.mergedInto == null) {
        return c;
      }
      id = c.mergedInto;
    }
    return null;
  }
}
