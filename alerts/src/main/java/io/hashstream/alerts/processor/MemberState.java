package io.hashstream.alerts.processor;

import io.hashstream.schemas.ActionType;

/**
 * One image's place in a cluster, in store {@link io.hashstream.alerts.topology.StoreNames#MEMBERS}.
 *
 * @param clusterId the cluster it joined (possibly merged into another since: follow {@link
 *     ClusterState#mergedInto()})
 * @param joinedAtMs when it joined (stream time)
 * @param lastSeenAtMs when a match last named it; it is purged {@code clusterIdleTtl} after
 * @param strongest the strongest action emitted about it so far (null: none): one action per
 *     image, and only a stronger one after it
 */
public record MemberState(String clusterId, long joinedAtMs, long lastSeenAtMs, ActionType strongest) {

  /** BLOCK over REVIEW over ALERT over nothing. */
  public static int rank(ActionType action) {
    if (action == null) {
      return 0;
    }
    return switch (action) {
      case BLOCK -> 3;
      case REVIEW -> 2;
      case ALERT -> 1;
      case FLOOD, UNKNOWN -> 0;
    };
  }

  MemberState seenAt(String cluster, long atMs) {
    return new MemberState(cluster, joinedAtMs, Math.max(lastSeenAtMs, atMs), strongest);
  }

  MemberState withStrongest(ActionType action) {
    return new MemberState(clusterId, joinedAtMs, lastSeenAtMs, action);
  }
}
