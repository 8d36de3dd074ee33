package io.hashstream.alerts.processor;

import io.hashstream.alerts.config.RulesConfig;
import io.hashstream.alerts.topology.StoreNames;
import io.hashstream.alerts.topology.TenantKeys;
import io.hashstream.schemas.ActionType;
import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.MatchSignal;
import io.hashstream.schemas.ModerationAction;
import io.hashstream.schemas.NearDuplicate;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Flood control (HMA's "quarantine a signal whose match count exceeds its baseline"), then turns
 * decisions into {@link ModerationAction}s keyed {@code tenant/imageId}.
 *
 * <ul>
 *   <li>Each new member of a cluster is counted in a sliding window ({@link FloodState}). When a
 *       cluster gains more than {@code floodMaxNewMembers} within {@code floodWindow}, it is
 *       quarantined: one FLOOD action says so, and ALERT and REVIEW actions of its new members are
 *       withheld (and counted) until {@code floodQuarantine} has passed without a new member.
 *   <li>BLOCK actions are never withheld: a flood of re-uploads of removed content is exactly what
 *       must be blocked, one by one.
 *   <li>Calm clusters' state is purged every {@code purgeInterval} of stream time.
 * </ul>
 */
public final class FloodControlProcessor implements Processor<String, Decision, String, ModerationAction> {
  private final RulesConfig rules;
  private ProcessorContext<String, ModerationAction> context;
  private KeyValueStore<String, FloodState> flood;

  public FloodControlProcessor(RulesConfig rules) {
    this.rules = rules;
  }

  @Override
  public void init(ProcessorContext<String, ModerationAction> context) {
    this.context = context;
    this.flood = context.getStateStore(StoreNames.FLOOD);
    context.schedule(rules.purgeInterval(), PunctuationType.STREAM_TIME, this::purgeCalm);
  }

  @Override
  public void process(Record<String, Decision> record) {
    Decision d = record.value();
    if (!d.newMember() || d.clusterId() == null) {
      emit(record, d);
      return;
    }
    long at = record.timestamp();
    String key = TenantKeys.key(d.tenant(), d.clusterId());
    FloodState before = flood.get(key);
    FloodState state =
        (before == null ? FloodState.calm() : before).joinedAt(at, rules.floodMaxNewMembers());
    long until = at + rules.floodQuarantine().toMillis();
    boolean withhold = d.action() != ActionType.BLOCK;
    if (state.quarantinedAt(at)) {
      flood.put(key, state.extendedTo(until, withhold));
    } else if (state.exceeds(rules.floodMaxNewMembers(), rules.floodWindow().toMillis())) {
      state = state.quarantine(at, until).extendedTo(until, withhold);
      flood.put(key, state);
      context.forward(record.withValue(floodAction(d, state, at)));
    } else {
      flood.put(key, state);
      withhold = false;
    }
    if (!withhold) {
      emit(record, d);
    }
  }

  private void emit(Record<String, Decision> record, Decision d) {
    context.forward(record.withValue(action(d, record.timestamp())));
  }

  private ModerationAction action(Decision d, long at) {
    if (d.entry() != null) {
      return entryAction(d, at);
    }
    NearDuplicate m = d.match();
    String detail;
    if (d.hit() != null) {
      detail =
          "matched " + m.getMatchId() + " in bank '" + d.hit().bank() + "' (" + d.hit().verdict()
              + " by " + d.hit().decidedBy() + ") at distance " + m.getDistance() + " of "
              + m.getBits() + " bits (limit " + rules.maxDistanceFor(d.hit().bank()) + ")"
              + (d.retroactive() ? "; the verdict came after the match" : "");
    } else {
      detail =
          "joined near-duplicate cluster " + d.clusterId() + " by matching " + m.getMatchId()
              + " at distance " + m.getDistance() + " of " + m.getBits() + " bits";
    }
    return base(m, d.action(), d.clusterId(), at)
        .setActionId(ActionIds.action(d.action(), m.getTenant(), m.getQueryId()))
        .setBank(d.hit() == null ? null : d.hit().bank())
        .setSignal(m.getSignals().isEmpty() ? MatchSignal.CROVCA : m.getSignals().get(0))
        .setDetail(detail)
        .build();
  }

  /** The action of a bank entry's match: the match id is the entry's content id (no image exists). */
  private ModerationAction entryAction(Decision d, long at) {
    BankMatch e = d.entry();
    boolean pdq = e.getSignal() == MatchSignal.PDQ;
    String detail = "matched content " + e.getContentId() + " (bank content id "
        + e.getBankContentId() + ") of bank '" + e.getBank() + "' (" + e.getVerdict() + ") by "
        + (pdq ? "PDQ" + (e.getPdqTransform() == null ? "" : " (" + e.getPdqTransform() + ")")
            : "CroVCA of model " + e.getModelVersion())
        + " at distance " + e.getDistance() + " of " + e.getBits() + " bits (limit "
        + rules.entryLimitFor(e.getBank(), e.getSignal()) + "); a bank entry is a hash, there is"
        + " no image of it";
    return ModerationAction.newBuilder()
        .setActionId(ActionIds.action(d.action(), e.getTenant(), e.getImageId()))
        .setTenant(e.getTenant())
        .setAction(d.action())
        .setImageId(e.getImageId())
        .setMatchId(e.getContentId())
        .setDistance(e.getDistance())
        .setModelVersion(e.getModelVersion())
        .setBank(e.getBank())
        .setClusterId(d.clusterId())
        .setUploadedAt(e.getUploadedAt())
        .setDecidedAt(Instant.ofEpochMilli(at))
        .setDetail(detail)
        .setSignal(e.getSignal())
        .setBankContentId(e.getBankContentId())
        .build();
  }

  private ModerationAction floodAction(Decision d, FloodState state, long at) {
    NearDuplicate m = d.match();
    String detail =
        "cluster " + d.clusterId() + " gained " + state.recentJoinsMs().length
            + " new members within " + rules.floodWindow().toSeconds() + " s (limit "
            + rules.floodMaxNewMembers() + "); ALERT and REVIEW actions of its new members are"
            + " withheld until " + Instant.ofEpochMilli(state.quarantinedUntilMs())
            + ", extended while it keeps growing";
    return base(m, ActionType.FLOOD, d.clusterId(), at)
        .setActionId(ActionIds.flood(m.getTenant(), d.clusterId(), state.floodStartedAtMs()))
        .setDetail(detail)
        .build();
  }

  private static ModerationAction.Builder base(
      NearDuplicate m, ActionType type, String clusterId, long at) {
    return ModerationAction.newBuilder()
        .setTenant(m.getTenant())
        .setAction(type)
        .setImageId(m.getQueryId())
        .setMatchId(m.getMatchId())
        .setDistance(m.getDistance())
        .setModelVersion(m.getModelVersion())
        .setClusterId(clusterId)
        .setUploadedAt(m.getQueryUploadedAt())
        .setDecidedAt(Instant.ofEpochMilli(at));
  }

  private void purgeCalm(long streamTimeMs) {
    long windowMs = rules.floodWindow().toMillis();
    StorePurge.deleteWhere(flood, f -> f.calmAt(streamTimeMs, windowMs));
  }
}
