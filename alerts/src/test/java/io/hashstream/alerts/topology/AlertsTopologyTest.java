package io.hashstream.alerts.topology;

import static io.hashstream.alerts.testing.InputRecords.T0;
import static io.hashstream.alerts.testing.InputRecords.entryMatch;
import static io.hashstream.alerts.testing.InputRecords.match;
import static io.hashstream.alerts.testing.InputRecords.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.alerts.config.RulesConfig;
import io.hashstream.alerts.processor.ActionIds;
import io.hashstream.alerts.processor.ClusterState;
import io.hashstream.alerts.processor.FloodState;
import io.hashstream.alerts.testing.AlertsDriver;
import io.hashstream.alerts.testing.InputRecords;
import io.hashstream.schemas.ActionType;
import io.hashstream.schemas.BankKeys;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.MatchSignal;
import io.hashstream.schemas.ModerationAction;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.Verdict;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rule of the moderation topology, in a TopologyTestDriver, time moved by timestamps. */
class AlertsTopologyTest {
  private static final String T = "tenant-a";

  @TempDir Path stateDir;
  private AlertsDriver alerts;

  private AlertsDriver start(UnaryOperator<RulesConfig> rules) {
    alerts = new AlertsDriver(rules.apply(RulesConfig.defaults()), stateDir);
    return alerts;
  }

  private AlertsDriver start() {
    return start(r -> r);
  }

  @AfterEach
  void close() {
    if (alerts != null) {
      alerts.close();
    }
  }

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  private <V> long count(String store) {
    KeyValueStore<String, V> kv = alerts.driver().getKeyValueStore(store);
    long n = 0;
    try (KeyValueIterator<String, V> all = kv.all()) {
      while (all.hasNext()) {
        all.next();
        n++;
      }
    }
    return n;
  }

  @Nested
  class Banks {
    @Test
    void aMatchAgainstARemoveBankBecomesABlockWithTheEvidence() {
      start().pipe(verdict(T, "banked", "known-spam", Verdict.REMOVE, at(0)));
      NearDuplicate m = match(T, "upload-1", "banked", 3, at(10));
      alerts.pipe(m);

      List<ModerationAction> actions = alerts.actions();
      assertThat(actions).hasSize(1);
      ModerationAction a = actions.get(0);
      assertThat(a.getAction()).isEqualTo(ActionType.BLOCK);
      assertThat(a.getTenant()).isEqualTo(T);
      assertThat(a.getImageId()).isEqualTo("upload-1");
      assertThat(a.getMatchId()).isEqualTo("banked");
      assertThat(a.getDistance()).isEqualTo(3);
      assertThat(a.getModelVersion()).isEqualTo(InputRecords.MODEL);
      assertThat(a.getBank()).isEqualTo("known-spam");
      assertThat(a.getClusterId()).isEqualTo(ActionIds.cluster(T, "banked"));
      assertThat(a.getUploadedAt()).isEqualTo(m.getQueryUploadedAt());
      assertThat(a.getDecidedAt()).isEqualTo(at(10));
      assertThat(a.getActionId()).isEqualTo(ActionIds.action(ActionType.BLOCK, T, "upload-1"));
      assertThat(a.getDetail()).contains("known-spam", "REMOVE", "moderator-7");
    }

    @Test
    void everyCopyOfABannedImageIsBlockedEvenWhenCopiesMatchEachOther() {
      start().pipe(verdict(T, "photo-09", "known-bad", Verdict.REMOVE, at(0)));
      alerts.pipe(match(T, "copy-brightness", "photo-09", 0, at(10)));
      alerts.pipe(match(T, "copy-flip", "photo-09", 0, at(11)));
      alerts.pipe(match(T, "copy-flip", "copy-brightness", 0, at(11)));

      assertThat(alerts.actions())
          .extracting(a -> a.getImageId() + ":" + a.getAction())
          .containsExactlyInAnyOrder("copy-brightness:BLOCK", "copy-flip:BLOCK");
    }

    @Test
    void aVerdictLoadedAfterTheFirstCopiesStillBlocksThem() {
      start();
      alerts.pipe(match(T, "copy-brightness", "photo-09", 0, at(10)));
      alerts.pipe(match(T, "copy-flip", "photo-09", 0, at(11)));
      alerts.pipe(match(T, "copy-flip", "copy-brightness", 0, at(11)));
      alerts.pipe(verdict(T, "photo-09", "known-bad", Verdict.REMOVE, at(12)));

      assertThat(alerts.actions())
          .filteredOn(a -> a.getAction() == ActionType.BLOCK)
          .extracting(ModerationAction::getImageId)
          .containsExactlyInAnyOrder("copy-brightness", "copy-flip");
    }

    @Test
    void aMatchAgainstAReviewBankGoesToReview() {
      start().pipe(verdict(T, "banked", "borderline", Verdict.REVIEW, at(0)));
      alerts.pipe(match(T, "upload-1", "banked", 3, at(10)));

      assertThat(alerts.actions())
          .singleElement()
          .satisfies(a -> {
            assertThat(a.getAction()).isEqualTo(ActionType.REVIEW);
            assertThat(a.getBank()).isEqualTo("borderline");
          });
    }

    @Test
    void aNegativeBankNeverAlerts() {
      start().pipe(verdict(T, "stock-photo", "allow-stock", Verdict.ALLOW, at(0)));
      for (int i = 0; i < 5; i++) {
        alerts.pipe(match(T, "upload-" + i, "stock-photo", 2, at(10 + i)));
      }

      assertThat(alerts.actions()).isEmpty();
      assertThat(count(StoreNames.CLUSTERS)).as("negative matches are not clustered").isZero();
    }

    @Test
    void eachBankHasItsOwnDistanceLimit() {
      start(r -> r.withBankLimits(java.util.Map.of("strict", 2, "allow-stock", 4), 10));
      alerts.pipe(verdict(T, "strict-item", "strict", Verdict.REMOVE, at(0)));
      alerts.pipe(verdict(T, "loose-item", "loose", Verdict.REMOVE, at(0)));
      alerts.pipe(verdict(T, "stock", "allow-stock", Verdict.ALLOW, at(0)));

      alerts.pipe(match(T, "near-strict", "strict-item", 2, at(1)));
      alerts.pipe(match(T, "far-strict", "strict-item", 3, at(2)));
      alerts.pipe(match(T, "near-loose", "loose-item", 10, at(3)));
      alerts.pipe(match(T, "far-loose", "loose-item", 11, at(4)));
      alerts.pipe(match(T, "near-stock", "stock", 4, at(5)));
      alerts.pipe(match(T, "far-stock", "stock", 5, at(6)));

      // beyond its bank's limit, a match is an ordinary near-duplicate: it clusters and alerts
      assertThat(alerts.actions())
          .extracting(a -> a.getImageId() + ":" + a.getAction())
          .containsExactly(
              "near-strict:BLOCK", "far-strict:ALERT", "near-loose:BLOCK", "far-loose:ALERT",
              "far-stock:ALERT");
    }

    @Test
    void aMatchPdqFoundCountsWhateverItsCroVcaDistanceAndOneOnlyCroVcaFoundKeepsTheLimit() {
      start(r -> r.withBankMaxDistance("known-spam", 3)).pipe(
          verdict(T, "banked", "known-spam", Verdict.REMOVE, at(0)));
      NearDuplicate byPdq = match(T, "rotated", "banked", 30, at(1));
      byPdq.setSignals(List.of(MatchSignal.PDQ));
      byPdq.setPdqDistance(12);
      byPdq.setPdqTransform("ROTATE_90");
      alerts.pipe(byPdq);
      NearDuplicate byCode = match(T, "far", "banked", 4, at(2));
      byCode.setSignals(List.of(MatchSignal.CROVCA));
      alerts.pipe(byCode);

      assertThat(alerts.actions())
          .extracting(a -> a.getImageId() + ":" + a.getAction())
          .containsExactly("rotated:BLOCK", "far:ALERT");
    }

    @Test
    void aRemovedVerdictNoLongerApplies() {
      start().pipe(verdict(T, "banked", "known-spam", Verdict.REMOVE, at(0)));
      alerts.removeVerdict(T, "banked", at(5));
      alerts.pipe(match(T, "upload-1", "banked", 3, at(10)));

      assertThat(alerts.actions()).extracting(ModerationAction::getAction).containsExactly(ActionType.ALERT);
      assertThat(alerts.driver().getKeyValueStore(StoreNames.VERDICTS).get(TenantKeys.key(T, "banked"))).isNull();
    }

    @Test
    void theStreamingJobsKeyIsNotReliedOn() {
      start().pipe(verdict(T, "banked", "known-spam", Verdict.REMOVE, at(0)));
      alerts.pipe(match(T, "upload-1", "banked", 3, at(10)), null);
      alerts.pipe(match(T, "upload-2", "banked", 3, at(11)), "some/other:key");

      assertThat(alerts.actions())
          .extracting(ModerationAction::getImageId)
          .containsExactly("upload-1", "upload-2");
    }

    @Test
    void aVerdictOfAnotherTenantDoesNotApply() {
      start().pipe(verdict("tenant-b", "banked", "known-spam", Verdict.REMOVE, at(0)));
      alerts.pipe(match(T, "upload-1", "banked", 3, at(10)));

      assertThat(alerts.actions()).extracting(ModerationAction::getAction).containsExactly(ActionType.ALERT);
    }
  }

  @Nested
  class BankEntries {
    @Test
    void aRemoveEntrysMatchIsABlockNamingTheBankTheContentAndTheSignalOncePerImage() {
      start().pipe(entryMatch(T, "upload-1", "STOP_LIST", "case-17", Verdict.REMOVE, 12, at(10)));
      alerts.pipe(entryMatch(T, "upload-1", "OTHER_LIST", "case-3", Verdict.REMOVE, 4, at(10)));

      List<ModerationAction> actions = alerts.actions();
      assertThat(actions).hasSize(1);
      ModerationAction a = actions.get(0);
      assertThat(a.getAction()).isEqualTo(ActionType.BLOCK);
      assertThat(a.getImageId()).isEqualTo("upload-1");
      assertThat(a.getMatchId()).isEqualTo("case-17");
      assertThat(a.getBank()).isEqualTo("STOP_LIST");
      assertThat(a.getSignal()).isEqualTo(MatchSignal.PDQ);
      assertThat(a.getBankContentId()).isEqualTo(BankKeys.bankContentId("STOP_LIST", "case-17"));
      assertThat(a.getDistance()).isEqualTo(12);
      assertThat(a.getModelVersion()).isNull();
      assertThat(a.getClusterId()).isNull();
      assertThat(a.getActionId()).isEqualTo(ActionIds.action(ActionType.BLOCK, T, "upload-1"));
      assertThat(a.getDetail()).contains("case-17", "STOP_LIST", "REMOVE", "PDQ", "no image");
    }

    @Test
    void aReviewEntryThenAStrongerRemoveEntryUpgradesAndAnEntryBeyondItsBanksPdqLimitIsNoMatch() {
      start(r -> r.withBankPdqLimits(java.util.Map.of("TIGHT", 10), 31));
      alerts.pipe(entryMatch(T, "u1", "TIGHT", "c1", Verdict.REMOVE, 11, at(1)));
      alerts.pipe(entryMatch(T, "u1", "LOOSE", "c2", Verdict.REVIEW, 30, at(2)));
      alerts.pipe(entryMatch(T, "u1", "LOOSE", "c3", Verdict.REMOVE, 31, at(3)));
      alerts.pipe(entryMatch(T, "u2", "LOOSE", "c2", Verdict.REVIEW, 32, at(4)));

      assertThat(alerts.actions()).extracting(a -> a.getImageId() + " " + a.getAction() + " " + a.getMatchId())
          .containsExactly("u1 REVIEW c2", "u1 BLOCK c3");
    }

    @Test
    void anAllowEntrysMatchActsNothingAndSilencesTheNearDuplicatesOfThatUpload() {
      start().pipe(entryMatch(T, "stock-1", "ALLOW_STOCK", "stock-photo", Verdict.ALLOW, 2, at(1)));
      alerts.pipe(match(T, "stock-2", "stock-1", 1, at(5)));   // a re-upload of it
      alerts.pipe(match(T, "other-2", "other-1", 1, at(6)));   // unrelated content still alerts

      assertThat(alerts.actions()).extracting(ModerationAction::getImageId).containsExactly("other-2");
      assertThat(count(StoreNames.CLUSTERS)).as("silenced matches are not clustered").isEqualTo(1);
    }

    @Test
    void aBankEntryMatchThatIsNotAValidRecordIsDeadLettered() {
      start().pipeRaw(Topic.BANK_MATCHES, "t/x", new byte[] {0, 0, 0, 0, 7}, at(1));
      alerts.pipe(entryMatch(T, "u1", "B", "c1", Verdict.REMOVE, 300, at(2)));

      assertThat(alerts.actions()).isEmpty();
      assertThat(alerts.deadLetters()).extracting(DeadLetter::getSourceTopic)
          .containsExactly("bank-matches", "bank-matches");
    }
  }

  @Nested
  class RetroactiveVerdicts {
    @Test
    void aLateVerdictActsOnTheMatchesStillInTheWindow() {
      start(r -> r.withMatchWindow(Duration.ofHours(1), true));
      alerts.pipe(match(T, "old-upload", "item", 3, at(0)));
      alerts.pipe(match(T, "recent-upload", "item", 4, at(50 * 60)));
      assertThat(alerts.actions()).extracting(ModerationAction::getAction).containsOnly(ActionType.ALERT);

      alerts.pipe(verdict(T, "item", "known-spam", Verdict.REMOVE, at(70 * 60)));

      List<ModerationAction> late = alerts.actions();
      assertThat(late).singleElement().satisfies(a -> {
        assertThat(a.getAction()).isEqualTo(ActionType.BLOCK);
        assertThat(a.getImageId()).isEqualTo("recent-upload");
        assertThat(a.getDecidedAt()).isEqualTo(at(70 * 60));
        assertThat(a.getDetail()).contains("after the match");
      });
    }

    @Test
    void theyCanBeTurnedOff() {
      start(r -> r.withMatchWindow(Duration.ofHours(1), false));
      alerts.pipe(match(T, "upload", "item", 3, at(0)));
      alerts.actions();
      alerts.pipe(verdict(T, "item", "known-spam", Verdict.REMOVE, at(60)));

      assertThat(alerts.actions()).isEmpty();
    }

    @Test
    void theyActOnlyWhereTheBannedImageWasTheMatchedOneAndWithinTheBanksLimit() {
      start(r -> r.withBankMaxDistance("known-spam", 3));
      alerts.pipe(match(T, "item", "earlier", 1, at(0))); // item was itself an upload
      alerts.pipe(match(T, "near", "item", 3, at(1)));
      alerts.pipe(match(T, "far", "item", 4, at(2)));
      alerts.actions();

      alerts.pipe(verdict(T, "item", "known-spam", Verdict.REMOVE, at(60)));

      assertThat(alerts.actions()).extracting(a -> a.getImageId() + ":" + a.getAction()).containsExactly("near:BLOCK");
    }

    @Test
    void aWeakerVerdictNeverDowngradesAndTheSameOneNeverRepeats() {
      start().pipe(verdict(T, "item", "known-spam", Verdict.REMOVE, at(0)));
      alerts.pipe(match(T, "upload", "item", 3, at(1)));
      alerts.pipe(match(T, "upload", "item", 3, at(2))); // the streaming job replayed it
      assertThat(alerts.actions()).extracting(ModerationAction::getAction).containsExactly(ActionType.BLOCK);

      alerts.pipe(verdict(T, "item", "other-bank", Verdict.REVIEW, at(60)));
      alerts.pipe(verdict(T, "item", "known-spam", Verdict.REMOVE, at(61)));

      assertThat(alerts.actions()).isEmpty();
    }

    @Test
    void anAllowVerdictActsOnNothingAfterTheFact() {
      start().pipe(match(T, "upload", "item", 3, at(0)));
      alerts.actions();
      alerts.pipe(verdict(T, "item", "allow-stock", Verdict.ALLOW, at(60)));

      assertThat(alerts.actions()).isEmpty();
    }
  }

  @Nested
  class Clusters {
    @Test
    void oneAlertPerNewClusterMemberNotOnePerPair() {
      start().pipe(match(T, "b", "a", 3, at(0)));
      alerts.pipe(match(T, "c", "a", 3, at(1)));
      alerts.pipe(match(T, "c", "b", 2, at(1))); // the same upload's second match
      alerts.pipe(match(T, "d", "c", 4, at(2)));
      alerts.pipe(match(T, "d", "a", 5, at(2)));

      List<ModerationAction> actions = alerts.actions();
      assertThat(actions).extracting(ModerationAction::getImageId).containsExactly("b", "c", "d");
      assertThat(actions).extracting(ModerationAction::getAction).containsOnly(ActionType.ALERT);
      assertThat(actions).extracting(ModerationAction::getClusterId).containsOnly(ActionIds.cluster(T, "a"));

      KeyValueStore<String, ClusterState> clusters = alerts.driver().getKeyValueStore(StoreNames.CLUSTERS);
      ClusterState cluster = ClusterState.resolve(clusters, T, ActionIds.cluster(T, "a"));
      assertThat(cluster.size()).isEqualTo(4);
      assertThat(cluster.members()).containsExactly("a", "b", "c", "d");
      assertThat(cluster.seedId()).isEqualTo("a");
    }

    @Test
    void twoClustersMergeIntoTheLargerWithoutNewAlerts() {
      start().pipe(match(T, "b", "a", 3, at(0)));
      alerts.pipe(match(T, "c", "a", 3, at(1)));
      alerts.pipe(match(T, "y", "x", 3, at(2)));
      alerts.actions();

      alerts.pipe(match(T, "y", "c", 6, at(3))); // y (of x's cluster) also resembles c
      assertThat(alerts.actions()).as("y is no new member").isEmpty();

      alerts.pipe(match(T, "z", "x", 2, at(4)));
      String big = ActionIds.cluster(T, "a");
      assertThat(alerts.actions()).singleElement().satisfies(a -> assertThat(a.getClusterId()).isEqualTo(big));
      KeyValueStore<String, ClusterState> clusters = alerts.driver().getKeyValueStore(StoreNames.CLUSTERS);
      assertThat(clusters.get(TenantKeys.key(T, ActionIds.cluster(T, "x"))).mergedInto()).isEqualTo(big);
      assertThat(ClusterState.resolve(clusters, T, ActionIds.cluster(T, "x")).size()).isEqualTo(6);
    }

    @Test
    void clustersArePerTenant() {
      start().pipe(match("tenant-a", "b", "a", 3, at(0)));
      alerts.pipe(match("tenant-b", "b", "a", 3, at(1)));

      assertThat(alerts.actions())
          .extracting(a -> a.getTenant() + ":" + a.getClusterId())
          .containsExactly(
              "tenant-a:" + ActionIds.cluster("tenant-a", "a"),
              "tenant-b:" + ActionIds.cluster("tenant-b", "a"));
    }

    @Test
    void idleClustersAndTheirMembersArePurged() {
      start(r -> r.withClusters(Duration.ofHours(1), 20, Duration.ofMinutes(1)));
      alerts.pipe(match(T, "b", "a", 3, at(0)));
      alerts.pipe(match(T, "c", "a", 3, at(1)));
      alerts.pipe(match(T, "y", "x", 3, at(30 * 60)));
      assertThat(count(StoreNames.CLUSTERS)).isEqualTo(2);
      assertThat(count(StoreNames.MEMBERS)).isEqualTo(5);

      // stream time moves on with another tenant's match: a's cluster has been idle for > 1 h
      alerts.pipe(match("tenant-b", "q", "p", 3, at(61 * 60 + 1)));

      assertThat(count(StoreNames.CLUSTERS)).isEqualTo(2); // x's and tenant-b's
      assertThat(count(StoreNames.MEMBERS)).isEqualTo(4);
      alerts.actions();
      alerts.pipe(match(T, "b", "a", 3, at(62 * 60)));
      assertThat(alerts.actions()).as("forgotten, b starts a new cluster").hasSize(1);
    }

    @Test
    void aClusterListsItsLatestMembersButCountsThemAll() {
      start(r -> r.withClusters(Duration.ofHours(1), 3, Duration.ofMinutes(1)));
      for (int i = 1; i <= 6; i++) {
        alerts.pipe(match(T, "m" + i, "seed", 3, at(i)));
      }
      ClusterState c =
          ClusterState.resolve(alerts.driver().getKeyValueStore(StoreNames.CLUSTERS), T, ActionIds.cluster(T, "seed"));
      assertThat(c.size()).isEqualTo(7);
      assertThat(c.members()).containsExactly("m4", "m5", "m6");
    }
  }

  @Nested
  class FloodControl {
    private AlertsDriver floodable() {
      return start(r -> r.withFlood(3, Duration.ofMinutes(1), Duration.ofMinutes(10)));
    }

    @Test
    void aClusterGrowingTooFastIsQuarantinedIntoOneFloodAlert() {
      floodable();
      for (int i = 1; i <= 10; i++) {
        alerts.pipe(match(T, "copy-" + i, "viral", 3, at(i)));
      }

      List<ModerationAction> actions = alerts.actions();
      assertThat(actions)
          .extracting(a -> a.getImageId() + ":" + a.getAction())
          .containsExactly("copy-1:ALERT", "copy-2:ALERT", "copy-3:ALERT", "copy-4:FLOOD");
      ModerationAction flood = actions.get(3);
      assertThat(flood.getClusterId()).isEqualTo(ActionIds.cluster(T, "viral"));
      assertThat(flood.getDetail()).contains("4 new members within 60 s", "limit 3");
      FloodState state =
          alerts.driver().<String, FloodState>getKeyValueStore(StoreNames.FLOOD)
              .get(TenantKeys.key(T, flood.getClusterId()));
      assertThat(state.suppressed()).isEqualTo(7);
      assertThat(state.quarantinedUntilMs()).isEqualTo(at(10).plus(Duration.ofMinutes(10)).toEpochMilli());
    }

    @Test
    void blocksAreNeverWithheld() {
      floodable().pipe(verdict(T, "viral", "known-spam", Verdict.REMOVE, at(0)));
      for (int i = 1; i <= 6; i++) {
        alerts.pipe(match(T, "copy-" + i, "viral", 3, at(i)));
      }

      assertThat(alerts.actions())
          .extracting(a -> a.getImageId() + ":" + a.getAction())
          .containsExactly(
              "copy-1:BLOCK", "copy-2:BLOCK", "copy-3:BLOCK", "copy-4:FLOOD", "copy-4:BLOCK",
              "copy-5:BLOCK", "copy-6:BLOCK");
    }

    @Test
    void alertsResumeOnceTheQuarantineHasPassedWithoutGrowth() {
      floodable();
      for (int i = 1; i <= 5; i++) {
        alerts.pipe(match(T, "copy-" + i, "viral", 3, at(i)));
      }
      alerts.actions();
      alerts.pipe(match(T, "copy-6", "viral", 3, at(5 + 9 * 60))); // still quarantined: extends it
      assertThat(alerts.actions()).isEmpty();

      alerts.pipe(match(T, "copy-7", "viral", 3, at(5 + 9 * 60 + 10 * 60 + 1)));
      assertThat(alerts.actions()).extracting(a -> a.getImageId() + ":" + a.getAction()).containsExactly("copy-7:ALERT");
    }

    @Test
    void steadyGrowthBelowTheRateNeverFloods() {
      floodable();
      for (int i = 1; i <= 12; i++) {
        alerts.pipe(match(T, "copy-" + i, "popular", 3, at(i * 30)));
      }
      assertThat(alerts.actions()).hasSize(12).extracting(ModerationAction::getAction).containsOnly(ActionType.ALERT);
    }

    @Test
    void calmStateIsPurged() {
      floodable();
      for (int i = 1; i <= 5; i++) {
        alerts.pipe(match(T, "copy-" + i, "viral", 3, at(i)));
      }
      assertThat(count(StoreNames.FLOOD)).isEqualTo(1);
      alerts.pipe(match("tenant-b", "q", "p", 3, at(5 + 11 * 60)));
      // the quarantine lapsed and nothing joined within the window: only tenant-b's fresh state
      assertThat(count(StoreNames.FLOOD)).isEqualTo(1);
      assertThat(alerts.driver().getKeyValueStore(StoreNames.FLOOD).get(TenantKeys.key(T, ActionIds.cluster(T, "viral")))).isNull();
    }
  }

  @Nested
  class DeadLetters {
    @Test
    void undecodableMatchesBecomeDeadLettersWithTheRawBytesAndTheRestGoesOn() {
      start();
      byte[] valid =
          alerts.topics().nearDuplicateCodec.encode(
              Topic.NEAR_DUPLICATES.valueSubject(), match(T, "b", "a", 3, at(0)));
      byte[][] garbage = {
        "{\"queryId\":\"x\"}".getBytes(StandardCharsets.UTF_8),
        {0, 0, 1},
        {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 'a'},
        Arrays.copyOf(valid, valid.length - 9),
      };
      for (int i = 0; i < garbage.length; i++) {
        alerts.pipeRaw(Topic.NEAR_DUPLICATES, "bad-" + i, garbage[i], at(i));
      }
      alerts.pipeRaw(Topic.NEAR_DUPLICATES, "empty", null, at(5));
      alerts.pipe(match(T, "b", "a", 3, at(6)));

      List<DeadLetter> letters = alerts.deadLetters();
      assertThat(letters)
          .extracting(DeadLetter::getReason)
          .containsExactly(
              DeadLetterReason.MALFORMED_FRAME, DeadLetterReason.MALFORMED_FRAME,
              DeadLetterReason.UNKNOWN_SCHEMA_ID, DeadLetterReason.UNDECODABLE_RECORD,
              DeadLetterReason.EMPTY_RECORD);
      for (int i = 0; i < garbage.length; i++) {
        DeadLetter d = letters.get(i);
        assertThat(bytes(d.getPayload())).isEqualTo(garbage[i]);
        assertThat(bytes(d.getRecordKey())).isEqualTo(("bad-" + i).getBytes(StandardCharsets.UTF_8));
        assertThat(d.getSourceTopic()).isEqualTo(Topic.NEAR_DUPLICATES.topicName());
        assertThat(d.getSourceOffset()).isEqualTo(i);
        assertThat(d.getStage()).isEqualTo(AlertsTopology.STAGE);
        assertThat(d.getMessage()).isNotBlank();
      }
      assertThat(alerts.actions()).extracting(ModerationAction::getImageId).containsExactly("b");
    }

    @Test
    void matchesThatBreakTheRulesBecomeDeadLetters() {
      start();
      alerts.pipe(match(T, "same", "same", 0, at(0)));
      alerts.pipe(match(T, "b", "a", 65, at(1)));
      alerts.pipe(match("a/b", "b", "a", 3, at(2)));
      alerts.pipe(match("", "b", "a", 3, at(3)));
      alerts.pipe(match(T, "b\u0000", "a", 3, at(4)));

      List<DeadLetter> letters = alerts.deadLetters();
      assertThat(letters).hasSize(5).extracting(DeadLetter::getReason).containsOnly(DeadLetterReason.OTHER);
      assertThat(letters.get(0).getMessage()).contains("matched itself");
      assertThat(letters.get(0).getImageId()).isEqualTo("same");
      assertThat(letters.get(1).getMessage()).contains("distance 65");
      assertThat(letters.get(2).getMessage()).contains("tenant");
      assertThat(alerts.actions()).isEmpty();
    }

    @Test
    void badVerdictsBecomeDeadLetters() {
      start();
      alerts.pipeRaw(Topic.MODERATION_VERDICTS, T + "/x", new byte[] {1, 2, 3}, at(0));
      byte[] misfiled =
          alerts.topics().verdictCodec.encode(
              Topic.MODERATION_VERDICTS.valueSubject(), verdict(T, "x", "bank", Verdict.REMOVE, at(1)));
      alerts.pipeRaw(Topic.MODERATION_VERDICTS, T + "/y", misfiled, at(1));
      alerts.pipeRaw(Topic.MODERATION_VERDICTS, "no-separator", null, at(2));

      assertThat(alerts.deadLetters())
          .extracting(d -> d.getReason() + ":" + d.getSourceTopic())
          .containsExactly(
              "MALFORMED_FRAME:moderation-verdicts", "OTHER:moderation-verdicts",
              "OTHER:moderation-verdicts");
      assertThat(count(StoreNames.VERDICTS)).isZero();
    }

    @Test
    void badUploadsAreLeftToTheStreamingJob() {
      start();
      alerts.pipeRaw(Topic.IMAGES, T + "/x", new byte[] {9, 9, 9}, at(0));
      ImageEvent notAnImage =
          ImageEvent.newBuilder(InputRecords.upload(T, "y", 10, 10, Color.RED, at(1)))
              .setImageBytes(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}))
              .build();
      alerts.pipe(notAnImage);

      assertThat(alerts.deadLetters()).isEmpty();
      assertThat(count(StoreNames.THUMBNAILS)).isZero();
    }
  }

  @Nested
  class Thumbnails {
    @Test
    void uploadsWithImageBytesGetASmallJpeg() throws IOException {
      start();
      alerts.pipe(InputRecords.upload(T, "photo", 640, 480, Color.ORANGE, at(0)));

      byte[] jpeg = alerts.driver().<String, byte[]>getKeyValueStore(StoreNames.THUMBNAILS).get(TenantKeys.key(T, "photo"));
      BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(jpeg));
      assertThat(thumb.getWidth()).isEqualTo(96);
      assertThat(thumb.getHeight()).isEqualTo(72);
      assertThat(jpeg.length).isLessThan(8 * 1024);
    }

    @Test
    void theStoreIsCapped() {
      start(r -> r.withThumbnails(3, 48, 1 << 20));
      for (int i = 0; i < 6; i++) {
        alerts.pipe(InputRecords.upload(T, "photo-" + i, 64, 64, Color.BLUE, at(i)));
      }
      KeyValueStore<String, byte[]> thumbs = alerts.driver().getKeyValueStore(StoreNames.THUMBNAILS);
      assertThat(count(StoreNames.THUMBNAILS)).isEqualTo(3);
      assertThat(thumbs.get(TenantKeys.key(T, "photo-5"))).isNotNull();
      assertThat(thumbs.get(TenantKeys.key(T, "photo-0"))).isNull();
    }

    @Test
    void uploadsWithoutBytesOrTooLargeGetNone() {
      start(r -> r.withThumbnails(10, 48, 2048));
      alerts.pipe(ImageEvent.newBuilder(InputRecords.upload(T, "by-uri", 64, 64, Color.BLUE, at(0))).setImageBytes(null).setImageUri("file:///x.png").build());
      alerts.pipe(InputRecords.upload(T, "huge", 900, 900, Color.BLUE, at(1)));

      assertThat(count(StoreNames.THUMBNAILS)).isZero();
    }
  }

  @Test
  void everyStoreIsBoundedAndNamed() {
    start();
    assertThat(alerts.driver().getAllStateStores().keySet())
        .containsExactlyInAnyOrder(
            StoreNames.VERDICTS, StoreNames.MATCHES, StoreNames.MEMBERS, StoreNames.CLUSTERS,
            StoreNames.FLOOD, StoreNames.RECENT_ACTIONS, StoreNames.THUMBNAILS, StoreNames.ALLOWED);
    String description = AlertsTopology.build(alerts.topics(), RulesConfig.defaults()).describe().toString();
    assertThat(description).doesNotContain("KSTREAM-", "KTABLE-");
  }

  @Test
  void actionsAreKeptForLookUpsWithinTheirWindow() {
    start(r -> r.withActionsWindow(Duration.ofMinutes(30)));
    alerts.pipe(match(T, "b", "a", 3, at(0)));
    alerts.pipe(match(T, "c", "a", 3, at(60 * 60)));
    var recent = alerts.driver().<String, ModerationAction>getWindowStore(StoreNames.RECENT_ACTIONS);
    List<String> kept;
    try (var it = recent.fetch(T, Instant.EPOCH, at(2 * 60 * 60))) {
      kept = new java.util.ArrayList<>();
      it.forEachRemaining(kv -> kept.add(kv.value.getImageId()));
    }
    assertThat(kept).containsExactly("c");
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

}
