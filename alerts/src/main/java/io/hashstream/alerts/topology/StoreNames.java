package io.hashstream.alerts.topology;

/**
 * The names of the service's state stores, shared by the topology and the HTTP layer. They also
 * name the changelog topics ({@code <application.id>-<store>-changelog}): renaming one orphans its
 * state, so they never change between releases.
 */
public final class StoreNames {
  /** Latest verdict per image; key {@code tenant/imageId}; the table of the verdicts topic. */
  public static final String VERDICTS = "verdicts";

  /**
   * Recent matches, each under both of its image ids; key {@code tenant/imageId}; a window store
   * whose retention is {@code matchWindow}.
   */
  public static final String MATCHES = "matches";

  /**
   * Uploads that matched an entry of an ALLOW bank (known-good content); key {@code
   * tenant/imageId}; a window store whose retention is {@code matchWindow}. Matches of two uploads
   * involving one of them are silenced.
   */
  public static final String ALLOWED = "allowed-uploads";

  /** Cluster membership per image; key {@code tenant/imageId}; purged after the idle TTL. */
  public static final String MEMBERS = "cluster-members";

  /** Clusters (union-find roots and merged ones); key {@code tenant/clusterId}; purged when idle. */
  public static final String CLUSTERS = "clusters";

  /** Flood-control state per cluster; key {@code tenant/clusterId}; purged when calm. */
  public static final String FLOOD = "flood-control";

  /** Actions emitted; key {@code tenant}; a window store whose retention is {@code actionsWindow}. */
  public static final String RECENT_ACTIONS = "recent-actions";

  /** JPEG thumbnails of uploads; key {@code tenant/imageId}; an LRU map capped per task. */
  public static final String THUMBNAILS = "thumbnails";

  private StoreNames() {}
}
