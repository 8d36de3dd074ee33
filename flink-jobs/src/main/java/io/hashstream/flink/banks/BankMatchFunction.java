package io.hashstream.flink.banks;

import io.hashstream.bank.BankEntry;
import io.hashstream.bank.BankIndex;
import io.hashstream.index.result.Matches;
import io.hashstream.pdq.PdqHits;
import io.hashstream.schemas.MatchSignal;
import io.hashstream.schemas.BankSignal;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The bank matcher: bank entries partitioned over its subtasks by entry id (keyed side), every
 * upload's {@link BankQuery} broadcast to all of them. Each subtask searches its share exactly
 * ({@link BankIndex}: PDQ within {@code banks.pdq-radius} of any of the query's variants, CroVCA
 * codes within {@code banks.crovca-radius} of the query's code of the same model version) and emits
 * one {@link BankHit} per entry found; entries are on exactly one subtask, so each (upload, entry)
 * hit is emitted once. Entry changes are applied, then passed on ({@link BankStep}) for the enrich
 * step, which keeps the entries' metadata.
 *
 * <p><b>State.</b> Keyed (RocksDB): per entry its {@link IndexedSignal}, about 50 bytes; with the
 * changelog backend a checkpoint uploads only the entries changed since the last one, and RocksDB
 * itself is snapshotted incrementally at each materialisation, so a bank of 10M entries that does
 * not change costs checkpoints nothing. Heap: the {@link BankIndex} of this subtask's entries.
 * After a restore or rescale the heap index is rebuilt from keyed state when the first query
 * arrives (entry changes that come first update keyed state only), so it always holds exactly the
 * entries of this subtask's key groups.
 *
 * <p><b>Consistency.</b> Banks change slowly and are shared: a change is in effect for every query
 * this subtask processes after it (BENCHMARKS.md measures change-to-effect), with no ordering
 * between entry changes and queries across subtasks. Each upload is matched once: its hits are
 * transactional output like every other, so a restore never loses or duplicates one (a replayed
 * upload is matched against the bank as it is then).
 */
public final class BankMatchFunction
    extends KeyedBroadcastProcessFunction<Long, BankEntryChange, BankQuery, BankStep>
    implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;

  /** The keyed state of entries (never rename: savepoints refer to it). */
  static final ValueStateDescriptor<IndexedSignal> ENTRIES =
      new ValueStateDescriptor<>("bank-entries", TypeInformation.of(IndexedSignal.class));

  /** How long the bank must rest before the heap index is compacted. */
  static final long COMPACT_WHEN_QUIET_MILLIS = 10_000;

  private final int pdqRadius;
  private final int crovcaRadius;
  private final int maxMatches;

  private transient ValueState<IndexedSignal> entries;
  private transient BankIndex index;
  private transient boolean heapBuilt;
  private transient Counter hitsOut;
  private transient Counter queries;
  private transient Histogram queryMicros;
  private transient java.lang.management.ThreadMXBean cpuClock;
  private transient boolean compactionScheduled;
  private transient long lastChangeMillis;
  private transient boolean changedSinceCompaction;

  /**
   * @param pdqRadius the largest PDQ distance reported (of 256 bits)
   * @param crovcaRadius the largest CroVCA distance reported
   * @param maxMatches the most hits a subtask reports per upload, nearest first (PDQ, then CroVCA)
   */
  public BankMatchFunction(int pdqRadius, int crovcaRadius, int maxMatches) {
    this.pdqRadius = pdqRadius;
    this.crovcaRadius = crovcaRadius;
    this.maxMatches = maxMatches;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) {
    heapBuilt = !context.isRestored(); // a fresh start: the heap index is empty and complete
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) {
    // nothing beyond keyed state: the heap index is rebuilt from it
  }

  @Override
  public void open(OpenContext openContext) {
    entries = getRuntimeContext().getState(ENTRIES);
    index = new BankIndex();
    var metrics = getRuntimeContext().getMetricGroup();
    hitsOut = metrics.counter("bankHits");
    queries = metrics.counter("bankQueries");
    queryMicros = metrics.histogram("bankQueryCpuMicros", new DescriptiveStatisticsHistogram(4096));
    cpuClock = java.lang.management.ManagementFactory.getThreadMXBean();
    metrics.gauge("bankEntries", () -> index.pdqSize() + index.codeSize());
    metrics.gauge("bankIndexBytes", () -> index.estimatedFootprintBytes());
  }

  @Override
  public void processElement(BankEntryChange change, ReadOnlyContext ctx, Collector<BankStep> out)
      throws Exception {
    IndexedSignal before = entries.value();
    if (before != null && heapBuilt) {
      before.toEntry(change.entryId).removeFrom(index);
    }
    if (change.isRemoval()) {
      entries.clear();
    } else {
      IndexedSignal now = IndexedSignal.of(entryOf(change.entryId, change.entry));
      entries.update(now);
      if (heapBuilt) {
        now.toEntry(change.entryId).addTo(index);
      }
    }
    out.collect(BankStep.change(change));
    lastChangeMillis = ctx.timerService().currentProcessingTime();
    changedSinceCompaction = heapBuilt;
    if (heapBuilt && !compactionScheduled) {
      ctx.timerService().registerProcessingTimeTimer(lastChangeMillis + COMPACT_WHEN_QUIET_MILLIS);
      compactionScheduled = true;
    }
  }

  /**
   * Once the bank has been quiet for {@link #COMPACT_WHEN_QUIET_MILLIS}, the heap index is rebuilt
   * into one segment: entries that arrive one by one leave it in several (a query pays each one's
   * probe floor), and a bank changes in bursts (an import) and then rests.
   */
  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<BankStep> out) {
    compactionScheduled = false;
    if (!changedSinceCompaction) {
      return;
    }
    if (timestamp - lastChangeMillis < COMPACT_WHEN_QUIET_MILLIS) {
      ctx.timerService().registerProcessingTimeTimer(lastChangeMillis + COMPACT_WHEN_QUIET_MILLIS);
      compactionScheduled = true;
      return;
    }
    index.compact();
    changedSinceCompaction = false;
  }

  @Override
  public void processBroadcastElement(BankQuery query, Context ctx, Collector<BankStep> out)
      throws Exception {
    if (!heapBuilt) {
      ctx.applyToKeyedState(ENTRIES, (entryId, state) -> {
        IndexedSignal s = state.value();
        if (s != null) {
          s.toEntry(entryId).addTo(index);
        }
      });
      index.compact();
      heapBuilt = true;
    }
    queries.inc();
    long started = cpuClock.getCurrentThreadCpuTime(); // for the metric only
    long now = ctx.currentProcessingTime();
    int reported = 0;
    if (query.pdq != null && index.pdqSize() > 0) {
      PdqHits hits = index.searchPdq(query.pdq, pdqRadius);
      for (int i = 0; i < hits.size() && reported < maxMatches; i++, reported++) {
        PdqHits.Hit h = hits.get(i);
        BankHit hit = hit(query, MatchSignal.PDQ, h.distance(), 256, null, now);
        hit.variant = h.variant();
        out.collect(BankStep.hit(h.itemId(), hit));
      }
    }
    for (Map.Entry<String, long[]> code : query.codes.entrySet()) {
      Matches found = index.searchCode(code.getKey(), code.getValue(), crovcaRadius);
      int bits = code.getValue().length * 64; // refined from the entry by the enrich step
      for (int i = 0; i < found.size() && reported < maxMatches; i++, reported++) {
        out.collect(BankStep.hit(found.id(i),
            hit(query, MatchSignal.CROVCA, found.distance(i), bits, code.getKey(), now)));
      }
    }
    hitsOut.inc(reported);
    queryMicros.update((cpuClock.getCurrentThreadCpuTime() - started) / 1000);
  }

  private static BankHit hit(
      BankQuery q, MatchSignal signal, int distance, int bits, String version, long now) {
    BankHit h = new BankHit();
    h.tenant = q.tenant;
    h.imageId = q.imageId;
    h.uploadedAt = q.uploadedAt;
    h.signal = signal;
    h.distance = distance;
    h.bits = bits;
    h.modelVersion = version;
    h.detectedAt = now;
    return h;
  }

  /** The entry a checked record stands for. */
  static BankEntry entryOf(long entryId, BankSignal s) {
    return s.getSignalType() == MatchSignal.PDQ
        ? BankEntry.pdq(entryId, s.getSignal())
        : BankEntry.code(entryId, s.getModelVersion(), s.getBits(), s.getSignal());
  }
}
