package io.hashstream.bench.cluster;

import io.hashstream.bench.pipeline.JobRun;
import io.hashstream.bench.pipeline.SyntheticEmbeddings;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.bench.pipeline.Percentiles;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A steady stream of planted near-copies into a running job, and the read_committed judge of their
 * alerts. Copy {@code k} ({@code c-k}) is a jittered copy of upload {@code k mod originals} of the
 * job's {@link UploadStream} (indexed before the copies start), so it has exactly one expected
 * alert, {@code c-k → e-(k mod originals)}. It records when each copy was sent and when its alert
 * became visible, and, after {@link #mark}, the first alert of a copy sent after the mark (what a
 * kill is timed to) and the first alert of any kind.
 */
final class PlantedCopies implements AutoCloseable {
  private static final int MAX_COPIES = 1 << 21;

  private final JobRun job;
  private final float[][] photos;
  private final long seed;
  private final List<String> tenants;
  private final long originals;
  private final double ratePerSecond;
  private final RegistryAvroCodec<NearDuplicate> codec;
  private final AtomicLongArray sentNanos = new AtomicLongArray(MAX_COPIES);
  private final AtomicLongArray firstAlertNanos = new AtomicLongArray(MAX_COPIES);
  private final AtomicLongArray alerts = new AtomicLongArray(MAX_COPIES);
  private final Object markLock = new Object();
  private final Thread sender;
  private volatile boolean sending = true;
  private volatile int sent;
  private volatile Throwable failure;
  private long otherAlerts;
  private long markNanos = Long.MAX_VALUE;
  private long firstCopyAlertAfterMark;
  private long firstAnyAlertAfterMark;

  /**
   * Starts sending at once.
   *
   * @param photos and {@code seed}, {@code tenants}: those of the job's {@link UploadStream}
   * @param originals how many of its uploads are indexed (copies cycle through them)
   */
  PlantedCopies(JobRun job, float[][] photos, long seed, List<String> tenants, long originals,
      double ratePerSecond) {
    if (originals < 1) {
      throw new IllegalArgumentException("no indexed uploads to copy");
    }
    this.job = job;
    this.photos = photos;
    this.seed = seed;
    this.tenants = tenants;
    this.originals = originals;
    this.ratePerSecond = ratePerSecond;
    this.codec = job.codec(NearDuplicate.class);
    job.watch(job.config().topics().nearDuplicates(), (r, receivedMillis) -> onAlert(System.nanoTime(),
        codec.decode(r.value())), 20);
    this.sender = new Thread(this::send, "bench-planted-copies");
    sender.setDaemon(true);
    sender.start();
  }

  private void send() {
    try {
      UploadStream replay = null;
      SplittableRandom jitter = new SplittableRandom(seed ^ 0x5eed);
      long start = System.nanoTime();
      for (int k = 0; sending && k < MAX_COPIES; k++) {
        if (k % originals == 0) {
          replay = new UploadStream(photos, seed, tenants, "e-");
        }
        long due = start + (long) (k * 1e9 / ratePerSecond);
        long now = System.nanoTime();
        if (now < due) {
          LockSupport.parkNanos(due - now);
        }
        long i = k % originals;
        float[] copy = SyntheticEmbeddings.jitter(replay.nextEmbedding(), 1e-3, jitter);
        sentNanos.set(k, System.nanoTime());
        job.send(JobRun.uploadWithEmbedding(replay.tenantOf(i), "c-" + k, copy));
        sent = k + 1;
      }
    } catch (Throwable t) {
      failure = t;
    }
  }

  private void onAlert(long nowNanos, NearDuplicate a) {
    String query = a.getQueryId();
    int k = query.startsWith("c-") ? Integer.parseInt(query.substring(2)) : -1;
    boolean planted = k >= 0 && a.getMatchId().equals("e-" + (k % originals));
    synchronized (markLock) {
      if (nowNanos > markNanos && firstAnyAlertAfterMark == 0) {
        firstAnyAlertAfterMark = nowNanos;
      }
      if (!planted) {
        otherAlerts++;
        return;
      }
      if (alerts.incrementAndGet(k) == 1) {
        firstAlertNanos.set(k, nowNanos);
      }
      if (sentNanos.get(k) > markNanos && firstCopyAlertAfterMark == 0) {
        firstCopyAlertAfterMark = nowNanos;
      }
    }
  }

  /** From now on, watch for the first alert of a copy sent after {@code nanos} (and of any alert). */
  void mark(long nanos) {
    synchronized (markLock) {
      markNanos = nanos;
      firstCopyAlertAfterMark = 0;
      firstAnyAlertAfterMark = 0;
    }
  }

  /** When the first alert of a copy sent after the mark became visible, or 0 (none yet). */
  long firstCopyAlertAfterMark() {
    check();
    synchronized (markLock) {
      return firstCopyAlertAfterMark;
    }
  }

  /** When the first alert of any kind received after the mark became visible, or 0. */
  long firstAnyAlertAfterMark() {
    synchronized (markLock) {
      return firstAnyAlertAfterMark;
    }
  }

  /** Copies sent so far. */
  int sent() {
    check();
    return sent;
  }

  /** Copies sent whose expected alert has been seen. */
  int alerted() {
    int n = sent;
    int seen = 0;
    for (int k = 0; k < n; k++) {
      seen += alerts.get(k) > 0 ? 1 : 0;
    }
    return seen;
  }

  /** Stops sending (and waits until what was sent is on the broker). */
  void stop() throws InterruptedException {
    sending = false;
    sender.join();
    job.flush();
    check();
  }

  /**
   * The verdict once sending has stopped and the alerts have arrived: copies sent, lost (no
   * alert), duplicated (an alert seen more than once), other alerts, and the upload-to-visible
   * latency of the copies' alerts.
   */
  Map<String, Object> verdict() {
    int n = sent;
    long lost = 0;
    long duplicates = 0;
    long[] latencyMillis = new long[n];
    int latencies = 0;
    for (int k = 0; k < n; k++) {
      long c = alerts.get(k);
      if (c == 0) {
        lost++;
      } else {
        duplicates += c - 1;
        latencyMillis[latencies++] = (firstAlertNanos.get(k) - sentNanos.get(k)) / 1_000_000;
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("copies_sent", n);
    m.put("copies_lost", lost);
    m.put("alerts_duplicated", duplicates);
    synchronized (markLock) {
      m.put("other_alerts", otherAlerts);
    }
    m.put("copy_to_alert_ms", Percentiles.of(
        Arrays.copyOf(latencyMillis, latencies)).summary());
    return m;
  }

  private void check() {
    if (failure != null) {
      throw new IllegalStateException("the copy sender failed: " + failure, failure);
    }
  }

  @Override
  public void close() throws InterruptedException {
    sending = false;
    sender.join();
  }
}
