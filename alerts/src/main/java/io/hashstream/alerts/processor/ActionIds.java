package io.hashstream.alerts.processor;

import io.hashstream.schemas.ActionType;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic ids: the same input gives the same id, on any instance and after any restore, so
 * that consumers can deduplicate and replays are recognisable.
 */
public final class ActionIds {
  private ActionIds() {}

  /** The action of type {@code action} about {@code imageId} (one per image and type). */
  public static String action(ActionType action, String tenant, String imageId) {
    return nameBased("action", action.name(), tenant, imageId);
  }

  /** The flood alert of cluster {@code clusterId} whose quarantine began at {@code startedAtMs}. */
  public static String flood(String tenant, String clusterId, long startedAtMs) {
    return nameBased("flood", tenant, clusterId, Long.toString(startedAtMs));
  }

  /** The cluster founded by {@code seedId}'s first match in {@code tenant}. */
  public static String cluster(String tenant, String seedId) {
    return "cl-" + nameBased("cluster", tenant, seedId).substring(0, 13).replace("-", "");
  }

  private static String nameBased(String... parts) {
    // NUL never occurs in ids (they are checked text), so the join is unambiguous
    return UUID.nameUUIDFromBytes(String.join("\0", parts).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
