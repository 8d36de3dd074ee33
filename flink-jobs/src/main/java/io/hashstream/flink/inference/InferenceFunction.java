package io.hashstream.flink.inference;

import io.hashstream.flink.ingest.PendingUpload;
import io.hashstream.flink.config.JobConfig;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.util.TimeUtils;

/**
 * The job's inference operator: hands each {@link PendingUpload} to this TaskManager's {@link
 * InferenceService} and emits exactly one {@link HashedUpload} per upload, in completion order. A
 * bad image is a failed {@code HashedUpload} (the next stage dead-letters it); an engine failure or
 * an upload still not hashed after {@code inference.timeout} fails the job, which restarts from its
 * last checkpoint.
 *
 * <p>Metrics (on the operator's group): counters {@code uploadsHashed}, {@code uploadsFailed},
 * {@code imagesEncoded}, {@code embeddingsHashed}; histogram {@code inferenceMillis} (submit to
 * result, per upload); gauge {@code liveModels}; and per batcher ({@code images}, {@code
 * embeddings} subgroups) histograms {@code batchSize} and {@code batchMillis}. Batches are shared by
 * every slot of the TaskManager, so every subtask there reports the same batches.
 */
public class InferenceFunction extends RichAsyncFunction<PendingUpload, HashedUpload> {
  private static final long serialVersionUID = 1L;

  private static final int HISTOGRAM_WINDOW = 1024;

  private final JobConfig config;
  private transient InferenceService service;
  private transient MicroBatcher.BatchListener batchMetrics;
  private transient Counter uploadsHashed;
  private transient Counter uploadsFailed;
  private transient Counter imagesEncoded;
  private transient Counter embeddingsHashed;
  private transient Histogram inferenceMillis;

  public InferenceFunction(JobConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public void open(OpenContext openContext) {
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    uploadsHashed = metrics.counter("uploadsHashed", new ThreadSafeSimpleCounter());
    uploadsFailed = metrics.counter("uploadsFailed", new ThreadSafeSimpleCounter());
    imagesEncoded = metrics.counter("imagesEncoded", new ThreadSafeSimpleCounter());
    embeddingsHashed = metrics.counter("embeddingsHashed", new ThreadSafeSimpleCounter());
    inferenceMillis = metrics.histogram("inferenceMillis", histogram());
    BatchMetrics images = new BatchMetrics(metrics.addGroup(InferenceService.IMAGES));
    BatchMetrics embeddings = new BatchMetrics(metrics.addGroup(InferenceService.EMBEDDINGS));
    batchMetrics = (batcher, size, nanos) ->
        (batcher.equals(InferenceService.IMAGES) ? images : embeddings).record(size, nanos);
    service = InferenceService.acquire(config);
    service.addBatchListener(batchMetrics);
    metrics.gauge("liveModels", service::liveModels);
  }

  @Override
  public void asyncInvoke(PendingUpload upload, ResultFuture<HashedUpload> resultFuture)
      throws InterruptedException {
    long start = System.nanoTime();
    service.hash(upload).whenComplete((hashed, error) -> {
      if (error != null) {
        resultFuture.completeExceptionally(
            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
        return;
      }
      inferenceMillis.update(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      count(upload, hashed);
      resultFuture.complete(List.of(hashed));
    });
  }

  private void count(PendingUpload upload, HashedUpload hashed) {
    if (hashed.failed()) {
      uploadsFailed.inc();
      return;
    }
    uploadsHashed.inc();
    (upload.kind() == PendingUpload.Kind.EMBEDDING ? embeddingsHashed : imagesEncoded).inc();
  }

  @Override
  public void timeout(PendingUpload upload, ResultFuture<HashedUpload> resultFuture) {
    resultFuture.completeExceptionally(new TimeoutException(
        "upload " + upload + " was not hashed within inference.timeout="
            + TimeUtils.formatWithHighestUnit(config.inferenceTimeout())
            + ": the inference engine is stuck or far behind; the job restarts from its last "
            + "checkpoint. Look for engine errors in the TaskManager log; if it is only slow, give "
            + "inference more TaskManagers (or a GPU) or raise inference.timeout"));
  }

  @Override
  public void close() {
    if (service != null) {
      service.removeBatchListener(batchMetrics);
      service.release();
      service = null;
    }
  }

  private static Histogram histogram() {
    return new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);
  }

  /** The histograms of one batcher. */
  private static final class BatchMetrics {
    private final Histogram size;
    private final Histogram millis;

    BatchMetrics(MetricGroup group) {
      size = group.histogram("batchSize", histogram());
      millis = group.histogram("batchMillis", histogram());
    }

    void record(int batchSize, long nanos) {
      size.update(batchSize);
      millis.update(TimeUnit.NANOSECONDS.toMillis(nanos));
    }
  }
}
