package io.hashstream.flink.banks;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.HexCodes;
import io.hashstream.code.CodeLength;
import io.hashstream.flink.config.BankSubscriptions;
import io.hashstream.schemas.BankKeys;
import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.BankSignal;
import io.hashstream.schemas.MatchSignal;
import io.hashstream.schemas.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The bank matcher and the enrich step in Flink's harnesses on RocksDB: entries partitioned over
 * subtasks and every query broadcast give exactly the brute-force answer, before and after a
 * restore with another parallelism (the heap index is rebuilt from keyed state); a removed or
 * replaced entry stops matching at once; hits are joined with their entry's record for the tenants
 * that subscribe to its bank, and a hit of an entry removed in between is dropped.
 */
class BankMatchFunctionHarnessTest {
  private static final int MAX_PARALLELISM = 128;
  private static final int RADIUS = 31;
  private static final int WORDS = 4;

  @Test
  void partitionedEntriesAndBroadcastQueriesEqualBruteForceAcrossRestoreAndRescale()
      throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    List<BankSignal> bank = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      bank.add(pdqEntry("LIST_A", "c" + i, randomHash(random), Verdict.REMOVE));
    }
    List<BankQuery> queries = new ArrayList<>();
    for (int q = 0; q < 80; q++) {
      queries.add(query("t1", "u" + q, q % 2 == 0
          ? nearCopy(bank.get(random.nextInt(bank.size())).getSignal(), random.nextInt(45), random)
          : randomHash(random), random));
    }

    List<OperatorSubtaskState> states = new ArrayList<>();
    Set<String> firstHalf = new TreeSet<>();
    for (int subtask = 0; subtask < 2; subtask++) {
      try (var h = matcher(2, subtask, null)) {
        for (BankSignal e : bank) {
          if (subtaskOf(e, 2) == subtask) {
            h.processElement(change(e), 0);
          }
        }
        for (BankQuery q : queries.subList(0, 40)) {
          h.processBroadcastElement(q, 0);
        }
        firstHalf.addAll(hits(h));
        states.add(h.snapshot(1, 1));
      }
    }
    assertThat(firstHalf).isEqualTo(bruteForce(bank, queries.subList(0, 40)));
    assertThat(firstHalf).as("the planted copies match").hasSizeGreaterThan(10);

    OperatorSubtaskState merged = AbstractStreamOperatorTestHarness.repackageState(
        states.toArray(new OperatorSubtaskState[0]));
    try (var one = matcher(1, 0, AbstractStreamOperatorTestHarness.repartitionOperatorState(
        merged, MAX_PARALLELISM, 2, 1, 0))) {
      for (BankQuery q : queries.subList(40, 80)) {
        one.processBroadcastElement(q, 0);
      }
      assertThat(new TreeSet<>(hits(one))).isEqualTo(bruteForce(bank, queries.subList(40, 80)));
    }
  }

  @Test
  void aRemovedOrReplacedEntryStopsMatchingAtOnceAndEveryChangeIsPassedOnInOrder()
      throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    String hash = randomHash(random);
    BankSignal entry = pdqEntry("LIST_A", "c1", hash, Verdict.REMOVE);
    BankQuery copy = query("t1", "u1", nearCopy(hash, 5, random), random);
    try (var h = matcher(1, 0, null)) {
      h.processElement(change(entry), 0);
      h.processBroadcastElement(copy, 0);
      BankSignal moved = pdqEntry("LIST_A", "c1", randomHash(random), Verdict.REMOVE);
      h.processElement(change(moved), 0);
      // the bank rests: the heap index is compacted, and answers as before
      h.setProcessingTime(BankMatchFunction.COMPACT_WHEN_QUIET_MILLIS + 1);
      h.processBroadcastElement(copy, 0);
      h.processElement(removal(moved), 0);
      h.processBroadcastElement(query("t1", "u2", moved.getSignal(), random), 0);

      List<BankStep> steps = h.extractOutputValues();
      assertThat(steps).extracting(s -> s.isHit() ? "hit " + s.hit.imageId
              : s.entry == null ? "removed" : "put " + s.entry.getSignal().substring(0, 8))
          .containsExactly("put " + hash.substring(0, 8), "hit u1",
              "put " + moved.getSignal().substring(0, 8), "removed");
    }
  }

  @Test
  void crovcaEntriesMatchOnlyCodesOfTheirModelVersion() throws Exception {
    BankSignal v1 = BankSignal.newBuilder(pdqEntry("LIST_A", "c1", "0".repeat(64), Verdict.REVIEW))
        .setSignalType(MatchSignal.CROVCA).setModelVersion("v1").setBits(64)
        .setSignal("00000000000000ff").build();
    BankQuery q = new BankQuery();
    q.tenant = "t1";
    q.imageId = "u1";
    q.codes = Map.of("v1", new long[] {0xf0L}, "v2", new long[] {0xffL});
    try (var h = matcher(1, 0, null)) {
      h.processElement(change(v1), 0);
      h.processBroadcastElement(q, 0);

      List<BankStep> hits = h.extractOutputValues().stream().filter(BankStep::isHit).toList();
      assertThat(hits).hasSize(1);
      assertThat(hits.get(0).hit.modelVersion).isEqualTo("v1");
      assertThat(hits.get(0).hit.distance).isEqualTo(4);
    }
  }

  @Test
  void hitsAreJoinedWithTheirEntryForSubscribedTenantsAndDroppedOnceTheEntryIsGone()
      throws Exception {
    BankSignal entry = pdqEntry("LIST_A", "c1", "ab".repeat(32), Verdict.ALLOW);
    long id = BankKeys.entryId(BankKeys.keyOf(entry));
    BankSubscriptions subs = new BankSubscriptions(Map.of("only-b", Set.of("LIST_B")), true);
    try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new BankEnrichFunction(subs)), (BankStep s) -> s.entryId,
        Types.LONG)) {
      h.setStateBackend(new EmbeddedRocksDBStateBackend(true));
      h.open();
      h.processElement(BankStep.change(change(entry)), 0);
      h.processElement(BankStep.hit(id, hit("acme", "u1", 3)), 0);
      h.processElement(BankStep.hit(id, hit("only-b", "u2", 3)), 0);
      h.processElement(BankStep.change(removal(entry)), 0);
      h.processElement(BankStep.hit(id, hit("acme", "u3", 3)), 0);

      List<BankMatch> out = h.extractOutputValues();
      assertThat(out).hasSize(1);
      BankMatch m = out.get(0);
      assertThat(m.getImageId()).isEqualTo("u1");
      assertThat(m.getBank()).isEqualTo("LIST_A");
      assertThat(m.getContentId()).isEqualTo("c1");
      assertThat(m.getBankContentId()).isEqualTo(BankKeys.bankContentId("LIST_A", "c1"));
      assertThat(m.getVerdict()).isEqualTo(Verdict.ALLOW);
      assertThat(m.getDistance()).isEqualTo(3);
      assertThat(m.getPdqTransform()).isEqualTo("FLIP_X");
      assertThat(m.getBankSignal()).isEqualTo("ab".repeat(32));
    }
  }

  private static BankHit hit(String tenant, String image, int distance) {
    BankHit h = new BankHit();
    h.tenant = tenant;
    h.imageId = image;
    h.signal = MatchSignal.PDQ;
    h.distance = distance;
    h.bits = 256;
    h.variant = 4;
    return h;
  }

  private static KeyedBroadcastOperatorTestHarness<Long, BankEntryChange, BankQuery, BankStep>
      matcher(int parallelism, int subtask, OperatorSubtaskState restore) throws Exception {
    var h = new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new BankMatchFunction(RADIUS, 4, 1_000), List.of()),
        (BankEntryChange c) -> c.entryId, Types.LONG, MAX_PARALLELISM, parallelism, subtask);
    h.setStateBackend(new EmbeddedRocksDBStateBackend(true));
    if (restore != null) {
      h.initializeState(restore);
    }
    h.open();
    return h;
  }

  private static int subtaskOf(BankSignal e, int parallelism) {
    return org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignKeyToParallelOperator(
        BankKeys.entryId(BankKeys.keyOf(e)), MAX_PARALLELISM, parallelism);
  }

  private static List<String> hits(
      KeyedBroadcastOperatorTestHarness<Long, BankEntryChange, BankQuery, BankStep> h) {
    List<String> out = new ArrayList<>();
    for (Object o : h.getOutput()) {
      if (o instanceof StreamRecord<?> r && r.getValue() instanceof BankStep s && s.isHit()) {
        out.add(s.hit.imageId + "~" + s.entryId + "@" + s.hit.distance);
      }
    }
    return out;
  }

  /** Every (query, entry) within the radius over the query's variants, by a plain loop. */
  private static Set<String> bruteForce(List<BankSignal> bank, List<BankQuery> queries) {
    Set<String> out = new TreeSet<>();
    for (BankQuery q : queries) {
      for (BankSignal e : bank) {
        long[] code = HexCodes.decode(e.getSignal());
        int best = Integer.MAX_VALUE;
        for (int v = 0; v * WORDS < q.pdq.length; v++) {
          int d = 0;
          for (int w = 0; w < WORDS; w++) {
            d += Long.bitCount(code[w] ^ q.pdq[v * WORDS + w]);
          }
          best = Math.min(best, d);
        }
        if (best <= RADIUS) {
          out.add(q.imageId + "~" + BankKeys.entryId(BankKeys.keyOf(e)) + "@" + best);
        }
      }
    }
    return out;
  }

  static BankSignal pdqEntry(String bank, String contentId, String hex, Verdict verdict) {
    return BankSignal.newBuilder()
        .setBank(bank)
        .setContentId(contentId)
        .setBankContentId(BankKeys.bankContentId(bank, contentId))
        .setSignalType(MatchSignal.PDQ)
        .setSignal(hex)
        .setVerdict(verdict)
        .setAddedAt(Instant.EPOCH)
        .build();
  }

  static BankEntryChange change(BankSignal e) {
    String key = BankKeys.keyOf(e);
    return new BankEntryChange(BankKeys.entryId(key), key, e);
  }

  static BankEntryChange removal(BankSignal e) {
    String key = BankKeys.keyOf(e);
    return new BankEntryChange(BankKeys.entryId(key), key, null);
  }

  /** A query whose first variant is {@code hex} and the seven others random. */
  private static BankQuery query(String tenant, String image, String hex, SplittableRandom random) {
    BankQuery q = new BankQuery();
    q.tenant = tenant;
    q.imageId = image;
    q.pdq = new long[8 * WORDS];
    HexCodes.decode(hex, CodeLength.BITS_256, q.pdq, 0);
    for (int i = WORDS; i < q.pdq.length; i++) {
      q.pdq[i] = random.nextLong();
    }
    return q;
  }

  private static String randomHash(SplittableRandom random) {
    return HexCodes.encode(CodeLength.BITS_256, random.longs(4).toArray(), 0);
  }

  private static String nearCopy(String hex, int flips, SplittableRandom random) {
    long[] code = HexCodes.decode(hex);
    for (int i = 0; i < flips; i++) {
      int bit = random.nextInt(256);
      code[bit / 64] ^= 1L << (bit % 64);
    }
    return HexCodes.encode(CodeLength.BITS_256, code, 0);
  }
}
