package io.hashstream.alerts.http;

import io.hashstream.alerts.access.Scope;
import io.hashstream.alerts.http.Views.ActionView;
import io.hashstream.alerts.http.Views.CaseView;
import io.hashstream.alerts.http.Views.ClusterView;
import io.hashstream.alerts.http.Views.MatchView;
import io.hashstream.alerts.http.Views.VerdictView;
import io.hashstream.alerts.processor.ClusterState;
import io.hashstream.alerts.processor.FloodState;
import io.hashstream.alerts.processor.MemberState;
import io.hashstream.alerts.topology.StoreNames;
import io.hashstream.alerts.topology.TenantKeys;
import io.hashstream.schemas.ModerationAction;
import io.hashstream.schemas.ModerationVerdict;
import io.hashstream.schemas.NearDuplicate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Answers look-ups from this instance's stores; where the answer lives is the HTTP layer's concern
 * ({@link Routing}). Reads only, never blocks on other instances.
 *
 * <p>Listings without a tenant scan at most {@link #MAX_SCAN} entries (the newest segments of the
 * window stores come first), so one request costs a bounded amount whatever the state's size.
 */
public final class CaseLookup {
  /** The most store entries one listing reads. */
  public static final int MAX_SCAN = 10_000;

  private static final Instant BEGINNING = Instant.EPOCH;
  private static final Instant END = Instant.ofEpochMilli(Long.MAX_VALUE);

  private final LocalStores stores;

  public CaseLookup(LocalStores stores) {
    this.stores = stores;
  }

  /** The image's current verdict. */
  public Optional<VerdictView> verdict(String tenant, String imageId) {
    ReadOnlyKeyValueStore<String, ModerationVerdict> verdicts = stores.keyValueStore(StoreNames.VERDICTS);
    return Optional.ofNullable(verdicts.get(TenantKeys.key(tenant, imageId))).map(VerdictView::of);
  }

  /** The image's verdict, cluster and newest {@code limit} matches; empty if none is known. */
  public Optional<CaseView> imageCase(String tenant, String imageId, int limit) {
    String key = TenantKeys.key(tenant, imageId);
    VerdictView verdict = verdict(tenant, imageId).orElse(null);
    ClusterView cluster = null;
    ReadOnlyKeyValueStore<String, MemberState> members = stores.keyValueStore(StoreNames.MEMBERS);
    MemberState member = members.get(key);
    if (member != null) {
      cluster = clusterView(tenant, member.clusterId());
    }
    List<MatchView> matches = new ArrayList<>();
    ReadOnlyWindowStore<String, NearDuplicate> window = stores.windowStore(StoreNames.MATCHES);
    try (WindowStoreIterator<NearDuplicate> newest = window.backwardFetch(key, BEGINNING, END)) {
      while (newest.hasNext() && matches.size() < limit) {
        matches.add(MatchView.of(newest.next().value));
      }
    }
    if (verdict == null && cluster == null && matches.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new CaseView(tenant, imageId, verdict, cluster, matches));
  }

  /** The newest {@code limit} actions of the tenants {@code scope} may see, among those here. */
  public List<ActionView> recentActions(Scope scope, int limit) {
    return visible(scope, limit, this::recentActions, Comparator.comparing(ActionView::decidedAt));
  }

  /** The {@code limit} most recently active clusters of the tenants {@code scope} may see, here. */
  public List<ClusterView> recentClusters(Scope scope, int limit) {
    return visible(scope, limit, this::recentClusters, Comparator.comparing(ClusterView::lastActiveAt));
  }

  /** A listing of every tenant, or the newest {@code limit} of each visible tenant's, merged. */
  private static <T> List<T> visible(
      Scope scope, int limit, BiFunction<String, Integer, List<T>> listing, Comparator<T> oldestFirst) {
    if (scope.all()) {
      return listing.apply(null, limit);
    }
    List<T> out = new ArrayList<>();
    for (String tenant : scope.tenants()) {
      out.addAll(listing.apply(tenant, limit));
    }
    out.sort(oldestFirst.reversed());
    return List.copyOf(out.subList(0, Math.min(limit, out.size())));
  }

  /** The newest {@code limit} actions of {@code tenant}, or of every tenant here if it is null. */
  public List<ActionView> recentActions(String tenant, int limit) {
    ReadOnlyWindowStore<String, ModerationAction> recent = stores.windowStore(StoreNames.RECENT_ACTIONS);
    List<ModerationAction> found = new ArrayList<>();
    if (tenant != null) {
      try (WindowStoreIterator<ModerationAction> newest = recent.backwardFetch(tenant, BEGINNING, END)) {
        while (newest.hasNext() && found.size() < limit) {
          found.add(newest.next().value);
        }
      }
    } else {
      try (KeyValueIterator<Windowed<String>, ModerationAction> all = recent.backwardFetchAll(BEGINNING, END)) {
        while (all.hasNext() && found.size() < MAX_SCAN) {
          found.add(all.next().value);
        }
      }
    }
    return found.stream()
        .sorted(Comparator.comparing(ModerationAction::getDecidedAt).reversed())
        .limit(limit)
        .map(ActionView::of)
        .toList();
  }

  /** The {@code limit} most recently active clusters of {@code tenant}, or of every tenant here. */
  public List<ClusterView> recentClusters(String tenant, int limit) {
    ReadOnlyKeyValueStore<String, ClusterState> clusters = stores.keyValueStore(StoreNames.CLUSTERS);
    ReadOnlyKeyValueStore<String, FloodState> flood = stores.keyValueStore(StoreNames.FLOOD);
    List<ClusterState> roots = new ArrayList<>();
    int scanned = 0;
    try (KeyValueIterator<String, ClusterState> it =
        tenant == null
            ? clusters.all()
            : clusters.prefixScan(tenant + TenantKeys.SEPARATOR, new StringSerializer())) {
      while (it.hasNext() && scanned++ < MAX_SCAN) {
        KeyValue<String, ClusterState> kv = it.next();
        if (kv.value.mergedInto() == null) {
          roots.add(kv.value);
        }
      }
    }
    return roots.stream()
        .sorted(Comparator.comparingLong(ClusterState::lastActiveAtMs).reversed())
        .limit(limit)
        .map(c -> ClusterView.of(c, flood.get(TenantKeys.key(c.tenant(), c.clusterId()))))
        .toList();
  }

  /** The JPEG thumbnail of an upload, if this instance holds one. */
  public Optional<byte[]> thumbnail(String tenant, String imageId) {
    ReadOnlyKeyValueStore<String, byte[]> thumbnails = stores.keyValueStore(StoreNames.THUMBNAILS);
    return Optional.ofNullable(thumbnails.get(TenantKeys.key(tenant, imageId)));
  }

  private ClusterView clusterView(String tenant, String clusterId) {
    ReadOnlyKeyValueStore<String, ClusterState> clusters = stores.keyValueStore(StoreNames.CLUSTERS);
    ClusterState root = ClusterState.resolve(clusters, tenant, clusterId);
    if (root == null) {
      return null;
    }
    ReadOnlyKeyValueStore<String, FloodState> flood = stores.keyValueStore(StoreNames.FLOOD);
    return ClusterView.of(root, flood.get(TenantKeys.key(tenant, root.clusterId())));
  }
}
