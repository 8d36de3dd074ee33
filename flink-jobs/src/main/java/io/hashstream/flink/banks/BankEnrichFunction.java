package io.hashstream.flink.banks;

import io.hashstream.flink.config.BankSubscriptions;
import io.hashstream.flink.inference.PdqSignal;
import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.BankSignal;
import io.hashstream.schemas.MatchSignal;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by entry id, after the bank matcher: keeps each entry's record (RocksDB; the matcher's heap
 * holds only the bits) and turns hits into {@link BankMatch} records with the bank, content id,
 * verdict and tags, for the tenants that subscribe to the entry's bank ({@link BankSubscriptions}).
 * A hit of an entry removed in between (its removal reached this step first) is dropped and
 * counted: the removal is in effect.
 */
public final class BankEnrichFunction extends KeyedProcessFunction<Long, BankStep, BankMatch> {
  private static final long serialVersionUID = 1L;

  /** The keyed state of entry records (never rename: savepoints refer to it). */
  static final ValueStateDescriptor<BankSignal> RECORDS =
      new ValueStateDescriptor<>("bank-records", new AvroTypeInfo<>(BankSignal.class));

  private final BankSubscriptions subscriptions;
  private transient ValueState<BankSignal> records;
  private transient Counter matchesOut;
  private transient Counter unsubscribed;
  private transient Counter removedBefore;

  /** @param subscriptions which tenants get which banks */
  public BankEnrichFunction(BankSubscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  @Override
  public void open(OpenContext openContext) {
    records = getRuntimeContext().getState(RECORDS);
    var metrics = getRuntimeContext().getMetricGroup();
    matchesOut = metrics.counter("bankMatches");
    unsubscribed = metrics.counter("bankHitsNotSubscribed");
    removedBefore = metrics.counter("bankHitsOfRemovedEntries");
  }

  @Override
  public void processElement(BankStep step, Context ctx, Collector<BankMatch> out)
      throws Exception {
    if (!step.isHit()) {
      if (step.entry == null) {
        records.clear();
      } else {
        records.update(step.entry);
      }
      return;
    }
    BankSignal entry = records.value();
    BankHit hit = step.hit;
    if (entry == null) {
      removedBefore.inc();
      return;
    }
    if (!subscriptions.allows(hit.tenant, entry.getBank())) {
      unsubscribed.inc();
      return;
    }
    matchesOut.inc();
    out.collect(match(hit, entry));
  }

  static BankMatch match(BankHit hit, BankSignal entry) {
    boolean pdq = hit.signal == MatchSignal.PDQ;
    return BankMatch.newBuilder()
        .setTenant(hit.tenant)
        .setImageId(hit.imageId)
        .setUploadedAt(Instant.ofEpochMilli(hit.uploadedAt))
        .setBank(entry.getBank())
        .setContentId(entry.getContentId())
        .setBankContentId(entry.getBankContentId())
        .setSignal(hit.signal)
        .setDistance(hit.distance)
        .setBits(pdq ? 256 : entry.getBits())
        .setBankSignal(entry.getSignal())
        .setModelVersion(pdq ? null : hit.modelVersion)
        .setPdqTransform(pdq && hit.variant >= 0 ? PdqSignal.variant(hit.variant).name() : null)
        .setVerdict(entry.getVerdict())
        .setTags(entry.getTags())
        .setDetectedAt(Instant.ofEpochMilli(hit.detectedAt))
        .build();
  }
}
