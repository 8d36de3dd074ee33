package io.hashstream.flink.inference;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.flink.config.JobConfig;
import io.hashstream.flink.inference.ImageReader.UnreadableImageException;
import io.hashstream.flink.ingest.PendingUpload;
import io.hashstream.flink.model.ModelCatalog;
import io.hashstream.inference.EmbeddingExtractor;
import io.hashstream.image.BorderTrimmer;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.ImageDecoderConfig;
import io.hashstream.inference.SignalExtractor;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batched inference for one TaskManager JVM, shared by all its slots: an engine is expensive to
 * open and runs best on full batches, so the inference subtasks of a TaskManager feed one image
 * batcher (up to {@code inference.batch.max-images}) and one embedding batcher (up to {@code
 * inference.batch.max-embeddings}), both flushed after {@code inference.batch.max-wait}.
 *
 * <ul>
 *   <li><b>Images</b> (inline bytes, or read from {@code imageUri} through Flink's file systems on
 *       a small reader pool, so slow object stores never stall the encoder) are decoded, encoded by
 *       the bundled encoder (opened on the first image) and hashed with every live model version.
 *   <li><b>Embeddings</b> are hashed with every live model version.
 *   <li>A bad image is a failed {@link HashedUpload} with its dead-letter reason, never an
 *       exception; only an engine failure completes a future exceptionally.
 * </ul>
 *
 * <p><b>Lifecycle.</b> Reference counted: {@link #acquire} (in an operator's {@code open}) builds
 * the service on first use with that configuration (later acquires share it: all slots run the
 * same job), {@link #release} (in {@code close}) closes it when the last user is gone, failing
 * anything still queued. {@code inference.device} is checked when it is built.
 *
 * <p>Thread-safe.
 */
public final class InferenceService {
  /** Name of the image batcher, in batch metrics. */
  public static final String IMAGES = "images";
  /** Name of the embedding batcher, in batch metrics. */
  public static final String EMBEDDINGS = "embeddings";

  private static final Logger LOG = LoggerFactory.getLogger(InferenceService.class);
  private static InferenceService shared; // guarded by InferenceService.class

  private final ImageReader reader;
  private final BatchInference inference;
  private final MicroBatcher<BatchInference.Image, HashedUpload> images;
  private final MicroBatcher<PendingUpload, HashedUpload> embeddings;
  private final HashedUploads results;
  private final ThreadPoolExecutor uriReaders;
  private final List<MicroBatcher.BatchListener> listeners = new CopyOnWriteArrayList<>();
  private int users = 1; // guarded by InferenceService.class

  /**
   * Takes a reference to this JVM's service, building it on first use.
   *
   * @param config the job's settings (those of the first acquire are used)
   * @return the service; call {@link #release()} once when done
   * @throws IllegalStateException if {@code inference.device} cannot be honoured here
   */
  public static InferenceService acquire(JobConfig config) {
    synchronized (InferenceService.class) {
      if (shared == null) {
        shared = new InferenceService(config, ModelCatalog.shared(), () -> openEncoder(config),
            InferenceDevice.visibleGpus(), Clock.systemUTC());
      } else {
        shared.users++;
      }
      return shared;
    }
  }

  /**
   * Builds a service of its own (tests; the job uses {@link #acquire}).
   *
   * @param openEncoder opens the encoder, on the first image
   * @param gpus GPUs the engine sees, to check {@code inference.device} against
   * @param clock stamps when each upload was hashed
   */
  InferenceService(
      JobConfig config, ModelCatalog catalog, Supplier<EmbeddingExtractor> openEncoder, int gpus,
      Clock clock) {
    String device = InferenceDevice.choose(config.device(), gpus);
    this.reader = new ImageReader(config.maxImageBytes(), config.uriPolicy());
    this.results = new HashedUploads(clock);
    this.inference = new BatchInference(
        catalog, () -> new SignalExtractor(openEncoder.get(),
            new ImageDecoder(new ImageDecoderConfig(config.maxImagePixels())),
            config.trimBorders() ? BorderTrimmer.withDefaults() : null), results);
    MicroBatcher.BatchListener fanOut =
        (batcher, size, nanos) -> listeners.forEach(l -> l.onBatch(batcher, size, nanos));
    this.images = new MicroBatcher<>(IMAGES, config.batchMaxImages(), config.batchMaxWait(),
        config.inferenceCapacity(), inference::images, fanOut);
    this.embeddings = new MicroBatcher<>(EMBEDDINGS, config.batchMaxEmbeddings(),
        config.batchMaxWait(), config.inferenceCapacity(), inference::embeddings, fanOut);
    // Enough readers to fill an image batch while the previous one is encoded; idle ones exit.
    this.uriReaders = new ThreadPoolExecutor(config.batchMaxImages(), config.batchMaxImages(),
        30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemonThreads("hashstream-image-reader-"));
    uriReaders.allowCoreThreadTimeOut(true);
    LOG.info("inference service started on {}: batches of up to {} images / {} embeddings, "
            + "max wait {}, capacity {}", device, config.batchMaxImages(),
        config.batchMaxEmbeddings(), config.batchMaxWait(), config.inferenceCapacity());
  }

  /**
   * Hashes an upload: queues it in the batcher of its kind, blocking while that batcher is full
   * (backpressure). A URI is read on a reader thread first.
   *
   * @return completes with the result, a failed {@link HashedUpload} for bad input; exceptionally
   *     only if the engine failed or the service was closed
   * @throws InterruptedException if interrupted while the batcher is full
   */
  public CompletableFuture<HashedUpload> hash(PendingUpload upload) throws InterruptedException {
    return switch (upload.kind()) {
      case EMBEDDING -> embeddings.submit(upload);
      case BYTES -> images.submit(new BatchInference.Image(upload, upload.imageBytes));
      case URI -> CompletableFuture.supplyAsync(() -> readAndSubmit(upload), uriReaders)
          .thenCompose(f -> f);
    };
  }

  private CompletableFuture<HashedUpload> readAndSubmit(PendingUpload upload) {
    byte[] bytes;
    try {
      bytes = reader.read(upload.tenant, upload.imageUri);
    } catch (UnreadableImageException e) {
      return CompletableFuture.completedFuture(
          results.failed(upload, e.reason(), e.getMessage()));
    }
    try {
      return images.submit(new BatchInference.Image(upload, bytes));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Model versions loaded in this JVM now (each upload is hashed with all of them). */
  public int liveModels() {
    return inference.liveModels();
  }

  /**
   * Tells {@code listener} about every batch this service runs (the batcher names are {@link
   * #IMAGES} and {@link #EMBEDDINGS}). Batches mix the uploads of every slot of the TaskManager.
   */
  public void addBatchListener(MicroBatcher.BatchListener listener) {
    listeners.add(listener);
  }

  public void removeBatchListener(MicroBatcher.BatchListener listener) {
    listeners.remove(listener);
  }

  /** Drops one reference; the last one closes the batchers (failing what is queued) and engines. */
  public void release() {
    synchronized (InferenceService.class) {
      if (users == 0) {
        throw new IllegalStateException("inference service released more often than acquired");
      }
      if (--users > 0) {
        return;
      }
      if (shared == this) {
        shared = null;
      }
    }
    images.close();
    embeddings.close();
    uriReaders.shutdown(); // queued reads still run, and fail on the closed batcher
    inference.close();
    LOG.info("inference service closed");
  }

  private static EmbeddingExtractor openEncoder(JobConfig config) {
    long start = System.nanoTime();
    EmbeddingExtractor extractor =
        EmbeddingExtractor.of(BundledEncoder.open(config.inferenceThreads()));
    LOG.info("opened encoder {} in {} ms", extractor.encoderId(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    return extractor;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger next = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + next.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
