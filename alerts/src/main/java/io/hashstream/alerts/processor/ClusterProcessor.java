package io.hashstream.alerts.processor;

import io.hashstream.alerts.config.RulesConfig;
import io.hashstream.alerts.topology.StoreNames;
import io.hashstream.alerts.topology.TenantKeys;
import io.hashstream.schemas.ActionType;
import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.NearDuplicate;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Groups a tenant's matches into near-duplicate clusters (union-find over {@link
 * StoreNames#CLUSTERS}, membership in {@link StoreNames#MEMBERS}) and decides one action per image.
 *
 * <ul>
 *   <li>A match of query q against earlier image m puts both in one cluster: a new cluster seeded by
 *       m, m's cluster, or q's; two clusters merge, the smaller into the larger.
 *   <li>The action wanted is the bank's (BLOCK, REVIEW) or, for an unbanked match, ALERT. It is
 *       emitted only if it is stronger than what was already emitted about q: so an unbanked match
 *       alerts once per new cluster member, not once per pair, and a late REMOVE verdict still
 *       upgrades an ALERT to a BLOCK.
 *   <li>A bank entry's match (a hash from a list, no image) joins no cluster; its BLOCK or REVIEW
 *       follows the same one-action-per-image rule.
 *   <li>State is bounded in time: every {@code purgeInterval} of stream time, members and clusters
 *       idle for {@code clusterIdleTtl} are deleted.
 * </ul>
 */
public final class ClusterProcessor implements Processor<String, Assessment, String, Decision> {
  private final RulesConfig rules;
  private ProcessorContext<String, Decision> context;
  private KeyValueStore<String, MemberState> members;
  private KeyValueStore<String, ClusterState> clusters;

  public ClusterProcessor(RulesConfig rules) {
    this.rules = rules;
  }

  @Override
  public void init(ProcessorContext<String, Decision> context) {
    this.context = context;
    this.members = context.getStateStore(StoreNames.MEMBERS);
    this.clusters = context.getStateStore(StoreNames.CLUSTERS);
    context.schedule(rules.purgeInterval(), PunctuationType.STREAM_TIME, this::purgeIdle);
  }

  @Override
  public void process(Record<String, Assessment> record) {
    Assessment a = record.value();
    if (a.entry() != null) {
      decideOnEntry(record, a);
      return;
    }
    NearDuplicate match = a.match();
    String tenant = match.getTenant();
    String queryKey = TenantKeys.key(tenant, match.getQueryId());
    long at = record.timestamp();
    MemberState query = members.get(queryKey);
    ClusterState queryCluster =
        query == null ? null : ClusterState.resolve(clusters, tenant, query.clusterId());
    boolean newMember = queryCluster == null;
    String clusterId;
    if (a.retroactive()) {
      clusterId = queryCluster == null ? null : queryCluster.clusterId();
    } else {
      clusterId = join(match, query, queryCluster, at);
      query = members.get(queryKey);
    }
    ActionType wanted = a.hit() == null ? ActionType.ALERT : a.hit().action();
    ActionType before = query == null ? null : query.strongest();
    if (MemberState.rank(wanted) <= MemberState.rank(before)) {
      return;
    }
    if (query != null) {
      members.put(queryKey, query.withStrongest(wanted));
    }
    context.forward(
        record.withValue(
            new Decision(match, null, wanted, a.hit(), clusterId, newMember && !a.retroactive(),
                a.retroactive())));
  }

  /**
   * A bank entry's BLOCK or REVIEW: no cluster to join (the entry is a hash, not an upload), only
   * the one-action-per-image rule, kept in the query image's member state (created without a
   * cluster if it has none; a later near-duplicate match puts it into one).
   */
  private void decideOnEntry(Record<String, Assessment> record, Assessment a) {
    BankMatch entry = a.entry();
    String key = TenantKeys.key(entry.getTenant(), entry.getImageId());
    MemberState member = members.get(key);
    ActionType wanted = a.hit().action();
    if (MemberState.rank(wanted) <= MemberState.rank(member == null ? null : member.strongest())) {
      return;
    }
    long at = record.timestamp();
    members.put(key, member == null ? new MemberState(null, at, at, wanted) : member.withStrongest(wanted));
    ClusterState cluster =
        member == null ? null : ClusterState.resolve(clusters, entry.getTenant(), member.clusterId());
    context.forward(record.withValue(new Decision(null, entry, wanted, a.hit(),
        cluster == null ? null : cluster.clusterId(), false, false)));
  }

  /** Puts both images of {@code match} in one cluster; returns the root's id. */
  private String join(NearDuplicate match, MemberState query, ClusterState queryCluster, long at) {
    String tenant = match.getTenant();
    String matchedKey = TenantKeys.key(tenant, match.getMatchId());
    MemberState matched = members.get(matchedKey);
    ClusterState matchedCluster =
        matched == null ? null : ClusterState.resolve(clusters, tenant, matched.clusterId());
    int listed = rules.maxListedMembers();
    ClusterState root;
    if (matchedCluster == null && queryCluster == null) {
      root =
          ClusterState.seed(
              ActionIds.cluster(tenant, match.getMatchId()), tenant, match.getMatchId(),
              match.getQueryId(), at);
    } else if (queryCluster == null) {
      root = matchedCluster.plus(match.getQueryId(), at, listed);
    } else if (matchedCluster == null) {
      root = queryCluster.plus(match.getMatchId(), at, listed);
    } else if (matchedCluster.clusterId().equals(queryCluster.clusterId())) {
      root = queryCluster.touchedAt(at);
    } else {
      boolean queryLarger = queryCluster.size() >= matchedCluster.size();
      ClusterState larger = queryLarger ? queryCluster : matchedCluster;
      ClusterState smaller = queryLarger ? matchedCluster : queryCluster;
      root = larger.absorb(smaller, at, listed);
      clusters.put(
          TenantKeys.key(tenant, smaller.clusterId()), smaller.mergedInto(root.clusterId(), at));
    }
    clusters.put(TenantKeys.key(tenant, root.clusterId()), root);
    members.put(matchedKey, seen(matched, root.clusterId(), at));
    members.put(TenantKeys.key(tenant, match.getQueryId()), seen(query, root.clusterId(), at));
    return root.clusterId();
  }

  private static MemberState seen(MemberState member, String clusterId, long at) {
    return member == null ? new MemberState(clusterId, at, at, null) : member.seenAt(clusterId, at);
  }

  private void purgeIdle(long streamTimeMs) {
    long cutoff = streamTimeMs - rules.clusterIdleTtl().toMillis();
    StorePurge.deleteWhere(members, m -> m.lastSeenAtMs() < cutoff);
    StorePurge.deleteWhere(clusters, c -> c.lastActiveAtMs() < cutoff);
  }
}
