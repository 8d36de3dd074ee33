package io.hashstream.alerts.processor;

import io.hashstream.alerts.config.RulesConfig;
import io.hashstream.alerts.topology.StoreNames;
import io.hashstream.alerts.topology.TenantKeys;
import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.MatchSignal;
import io.hashstream.schemas.ModerationVerdict;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.Verdict;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Joins matches with the banks, both ways in time.
 *
 * <ul>
 *   <li>A verdict is stored as the image's latest ({@link StoreNames#VERDICTS}); a tombstone
 *       removes it. With {@code retroactiveVerdicts}, a REMOVE or REVIEW verdict is also applied to
 *       every match against that image still in {@link StoreNames#MATCHES} ({@code matchWindow}).
 *   <li>A match is kept in {@link StoreNames#MATCHES} under both image ids, then assessed against
 *       the matched (earlier) image's verdict: within the bank's distance limit, REMOVE and REVIEW
 *       banks become a {@link BankHit}, an ALLOW (negative) bank drops the match, and no verdict, an
 *       UNKNOWN one or a distance over the limit leave an unbanked match for clustering.
 *   <li>A match of a bank entry (a hash from a list) within its bank's limit (PDQ: {@code
 *       bankMaxPdqDistance}, CroVCA: {@code bankMaxDistance}; farther is no match at all) becomes a
 *       {@link BankHit} with the entry's verdict. An ALLOW entry's match acts nothing and marks the
 *       upload as known-good content ({@link StoreNames#ALLOWED}, kept {@code matchWindow}): every
 *       match of two uploads in which a known-good upload takes part is silenced, not even
 *       clustered, like a match against an image with an ALLOW verdict.
 * </ul>
 *
 * <p>Verdicts act on the matched image only: the query is the new upload, which no moderator has
 * seen yet. A verdict never retracts an action already emitted.
 */
public final class VerdictJoinProcessor implements Processor<String, ModerationInput, String, Assessment> {
  private final RulesConfig rules;
  private ProcessorContext<String, Assessment> context;
  private KeyValueStore<String, ModerationVerdict> verdicts;
  private WindowStore<String, NearDuplicate> matches;
  private WindowStore<String, BankMatch> allowed;

  public VerdictJoinProcessor(RulesConfig rules) {
    this.rules = rules;
  }

  @Override
  public void init(ProcessorContext<String, Assessment> context) {
    this.context = context;
    this.verdicts = context.getStateStore(StoreNames.VERDICTS);
    this.matches = context.getStateStore(StoreNames.MATCHES);
    this.allowed = context.getStateStore(StoreNames.ALLOWED);
  }

  @Override
  public void process(Record<String, ModerationInput> record) {
    if (record.value() instanceof ModerationInput.Match m) {
      onMatch(record, m.match());
    } else if (record.value() instanceof ModerationInput.VerdictChange v) {
      onVerdict(record, v);
    } else if (record.value() instanceof ModerationInput.EntryMatch e) {
      onEntryMatch(record, e.match());
    }
  }

  private void onEntryMatch(Record<String, ModerationInput> record, BankMatch match) {
    if (match.getDistance() > rules.entryLimitFor(match.getBank(), match.getSignal())) {
      return; // beyond this bank's limit: no match of it
    }
    BankHit hit = BankHit.of(match);
    if (hit.verdict() == Verdict.ALLOW) {
      allowed.put(TenantKeys.key(match.getTenant(), match.getImageId()), match, record.timestamp());
      return;
    }
    context.forward(record.withValue(Assessment.of(match, hit)));
  }

  /** Whether the upload matched an ALLOW bank's entry within the match window. */
  private boolean isAllowed(String tenant, String imageId, long at) {
    long from = Math.max(0, at - rules.matchWindow().toMillis());
    try (WindowStoreIterator<BankMatch> it = allowed.fetch(TenantKeys.key(tenant, imageId),
        Instant.ofEpochMilli(from), Instant.ofEpochMilli(Long.MAX_VALUE))) {
      return it.hasNext();
    }
  }

  private void onMatch(Record<String, ModerationInput> record, NearDuplicate match) {
    String tenant = match.getTenant();
    long at = record.timestamp();
    if (isAllowed(tenant, match.getQueryId(), at) || isAllowed(tenant, match.getMatchId(), at)) {
      return; // known-good content (an ALLOW bank's entry) never alerts
    }
    matches.put(TenantKeys.key(tenant, match.getQueryId()), match, at);
    matches.put(TenantKeys.key(tenant, match.getMatchId()), match, at);
    ModerationVerdict verdict = verdicts.get(TenantKeys.key(tenant, match.getMatchId()));
    BankHit hit = applicable(verdict, match);
    if (hit != null && hit.verdict() == Verdict.ALLOW) {
      return; // a negative bank: known-good content never alerts
    }
    context.forward(record.withValue(Assessment.of(match, hit, false)));
  }

  private void onVerdict(Record<String, ModerationInput> record, ModerationInput.VerdictChange change) {
    ModerationVerdict verdict = change.verdict();
    if (verdict == null) {
      verdicts.delete(change.key());
      return;
    }
    verdicts.put(change.key(), verdict);
    if (!rules.retroactiveVerdicts() || BankHit.of(verdict).action() == null) {
      return;
    }
    long from = record.timestamp() - rules.matchWindow().toMillis();
    try (WindowStoreIterator<NearDuplicate> earlier =
        matches.fetch(change.key(), Instant.ofEpochMilli(Math.max(0, from)), Instant.ofEpochMilli(Long.MAX_VALUE))) {
      while (earlier.hasNext()) {
        KeyValue<Long, NearDuplicate> kv = earlier.next();
        NearDuplicate match = kv.value;
        if (!match.getMatchId().equals(verdict.getImageId())) {
          continue; // the image was the query of this match, not the banked side
        }
        BankHit hit = applicable(verdict, match);
        if (hit != null) {
          context.forward(
              new Record<>(
                  TenantKeys.key(match.getTenant(), match.getQueryId()),
                  Assessment.of(match, hit, true),
                  record.timestamp()));
        }
      }
    }
  }

  /**
   * The bank hit {@code verdict} gives {@code match}, or null where it gives none. A bank's distance
   * limit is in CroVCA bits and applies to a match the learned code found; a match PDQ found was
   * held to the job's PDQ radius already, and counts whatever its CroVCA distance.
   */
  private BankHit applicable(ModerationVerdict verdict, NearDuplicate match) {
    if (verdict == null || verdict.getVerdict() == Verdict.UNKNOWN) {
      return null;
    }
    boolean byPdq = match.getSignals().contains(MatchSignal.PDQ);
    if (!byPdq && match.getDistance() > rules.maxDistanceFor(verdict.getBank())) {
      return null;
    }
    return BankHit.of(verdict);
  }
}
