package io.hashstream.trainer;

import io.hashstream.encoder.EmbeddingPostprocessor;
import io.hashstream.model.HashCoderSession;
import io.hashstream.model.HashCoderWeights;
import io.hashstream.model.ModelArtifact;
import io.hashstream.model.ModelVersion;
import io.hashstream.trainer.data.TrainingSet;
import io.hashstream.trainer.eval.BitBalance;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Trains a CroVCA HashCoder on precomputed embeddings and writes a {@link ModelArtifact}.
 *
 * <ol>
 *   <li>Fits the {@link EmbeddingPostprocessor} (centring mean of the square-rooted embeddings) on
 *       every row of every view, and post-processes them (sqrt, centre, L2), as serving will.
 *   <li>Runs the optimisation loop ({@link TrainingLoop}): the paper's recipe, unsupervised (two
 *       views aligned with each other's codes) or supervised (views aligned with class-prototype
 *       codes), per {@link TrainerOptions}.
 *   <li>Measures bit balance through a {@link HashCoderSession} (the serving path) on up to
 *       {@value #BALANCE_ROWS} training rows, and writes the artifact with the metrics, the command
 *       line and the creation time from the injected clock.
 * </ol>
 *
 * <p>Deterministic: the same options (seed included) and data give bit-identical weights; only the
 * creation time, the derived version id's timestamp and the timing metrics differ between runs.
 * Progress lines go to the consumer given to the constructor. Not thread-safe per call; separate
 * instances may run on separate threads, one training at a time per JVM (DJL's PyTorch gradient
 * collector is process-wide).
 */
public final class CrovcaTrainer {
  /** At most this many training rows are hashed to measure bit balance. */
  public static final int BALANCE_ROWS = 4096;

  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Clock clock;
  private final Consumer<String> progress;

  /**
   * Creates a trainer.
   *
   * @param clock gives the artifact's creation time
   * @param progress receives progress lines
   */
  public CrovcaTrainer(Clock clock, Consumer<String> progress) {
    this.clock = clock;
    this.progress = progress;
  }

  /**
   * Reads the {@code .npy} inputs named in the options and trains.
   *
   * @param options what to train and how
   * @return the report
   */
  public TrainingReport run(TrainerOptions options) {
    return run(options, TrainingSet.read(options.viewFiles(), options.labelFile()));
  }

  /**
   * Trains on raw embeddings already in memory (the options' input files are ignored).
   *
   * @param options what to train and how
   * @param raw raw encoder embeddings (not post-processed)
   * @return the report
   */
  public TrainingReport run(TrainerOptions options, TrainingSet raw) {
    if (!raw.isLabelled() && raw.viewCount() < 2) {
      throw new IllegalArgumentException("unsupervised training needs two views per image");
    }
    progress.accept(
        String.format(
            Locale.ROOT,
            "data: %d images x %d views, d=%d, %s; %d bits, %d epochs of %d steps (batch %d)",
            raw.rows(),
            raw.viewCount(),
            raw.dimension(),
            raw.isLabelled() ? raw.classCount() + " classes (supervised)" : "unsupervised",
            options.bits(),
            options.epochs(),
            TrainingLoop.stepsPerEpoch(raw.rows(), options.batchSize()),
            options.batchSize()));
    EmbeddingPostprocessor postprocessor = raw.fitPostprocessor(options.encoderId());
    TrainingSet data = raw.postprocessed(postprocessor);
    TrainingLoop.Result result = new TrainingLoop(options, progress).run(data);

    Instant createdAt = clock.instant();
    ModelVersion version =
        options.modelVersion() != null
            ? ModelVersion.of(options.modelVersion())
            : derivedVersion(options.bits(), createdAt, result.weights());
    ModelArtifact unmeasured =
        new ModelArtifact(
            version, postprocessor, result.weights(), Map.of(), options.command(), createdAt);
    double[] balance;
    try (HashCoderSession session = HashCoderSession.open(unmeasured)) {
      balance = BitBalance.fractionOfOnes(session, data.view(0), BALANCE_ROWS);
    }
    ModelArtifact artifact =
        new ModelArtifact(
            version,
            postprocessor,
            result.weights(),
            metrics(options, raw, result, balance),
            options.command(),
            createdAt);
    String sha256 = artifact.write(options.output());
    progress.accept(
        String.format(
            Locale.ROOT,
            "wrote %s (version %s, sha256 %s): %d steps in %.1fs, bit balance %.3f..%.3f",
            options.output(),
            version,
            sha256,
            result.steps(),
            result.seconds(),
            BitBalance.min(balance),
            BitBalance.max(balance)));
    return new TrainingReport(
        artifact,
        options.output(),
        sha256,
        result.steps(),
        TrainingLoop.stepsPerEpoch(raw.rows(), options.batchSize()),
        result.epochs(),
        result.seconds(),
        balance);
  }

  private static Map<String, Double> metrics(
      TrainerOptions options, TrainingSet raw, TrainingLoop.Result result, double[] balance) {
    EpochSummary first = result.epochs().get(0);
    EpochSummary last = result.epochs().get(result.epochs().size() - 1);
    Map<String, Double> m = new TreeMap<>();
    m.put("loss", last.loss());
    m.put("loss_alignment", last.alignment());
    m.put("loss_coding_rate", last.codingRate());
    m.put("loss_first_epoch", first.loss());
    m.put("bit_balance_min", BitBalance.min(balance));
    m.put("bit_balance_max", BitBalance.max(balance));
    m.put("training_seconds", result.seconds());
    m.put("rows_per_second", result.steps() * (double) options.batchSize() / result.seconds());
    m.put("rows", (double) raw.rows());
    m.put("epochs", (double) result.epochs().size());
    m.put("steps", (double) result.steps());
    m.put("seed", (double) options.seed());
    m.put("supervised", raw.isLabelled() ? 1.0 : 0.0);
    return m;
  }

  /** {@code crovca-<bits>-<UTC time>-<first 8 hex of the weights' sha256>}. */
  static ModelVersion derivedVersion(int bits, Instant createdAt, HashCoderWeights weights) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JRE has SHA-256", e);
    }
    for (HashCoderWeights.Tensor t : HashCoderWeights.Tensor.values()) {
      float[] values = weights.get(t);
      ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES);
      buf.asFloatBuffer().put(values);
      digest.update(buf.array());
    }
    String hash = HexFormat.of().formatHex(digest.digest(), 0, 4);
    return ModelVersion.of("crovca-" + bits + "-" + VERSION_TIME.format(createdAt) + "-" + hash);
  }
}
