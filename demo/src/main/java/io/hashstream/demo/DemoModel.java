package io.hashstream.demo;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.image.AugmentationConfig;
import io.hashstream.image.CrovcaAugmentation;
import io.hashstream.image.ImageDecoder;
import io.hashstream.inference.EmbeddingExtractor;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.security.ClientConnection;
import io.hashstream.schemas.SwapStage;
import io.hashstream.trainer.CrovcaTrainer;
import io.hashstream.trainer.TrainerOptions;
import io.hashstream.trainer.TrainingReport;
import io.hashstream.trainer.data.TrainingSet;
import io.hashstream.trainer.publish.ModelPublisher;
import io.hashstream.trainer.publish.ModelUpdates;
import io.hashstream.trainer.views.AugmentedViewPairs;
import io.hashstream.trainer.views.PhotoLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The demo's second HashCoder, for the mid-run hot swap: a real CroVCA model, trained in process
 * by the trainer ({@link CrovcaTrainer}) on the bundled encoder's embeddings of seeded augmented
 * views of the demo photos, written to a model artifact in a folder of the caller's, and announced
 * by a {@link ModelUpdate} ({@code stage = PREPARE}, {@code artifactUri = file://…}, the file's
 * sha256) for {@code hashcoder-control}.
 *
 * <p><b>What it is.</b> The pipeline of the default model ({@code extract-views}, then {@code
 * train}), with the paper's augmentations: {@link AugmentedViewPairs} draws {@code pairsPerPhoto} pairs of {@link
 * CrovcaAugmentation} views per photo (each seeded by seed, photo, pair, view), the bundled encoder
 * embeds them, and the trainer fits the post-processor and trains 64 bits. With {@link
 * Recipe#SUPERVISED_BY_PHOTO} (the default) each photo is a class, so the model learns to map every
 * view of a photo to one code: it is good on exactly these 16 photos, and says nothing about
 * quality on other images (the shipped default model, trained on 222 other photos and calibrated
 * on the corpus it searches, is the one to judge that; see BENCHMARKS.md). The demo's job starts
 * with one of these models ({@link #FIRST_MODEL_SEED}) and swaps to another: sixteen photos are
 * too few to calibrate the default model on. {@link Recipe#UNSUPERVISED} is the paper's two-view
 * recipe on the same views; with 16 photos copies move by up to 11 bits, which a demo should not
 * show off.
 *
 * <p><b>Cost</b> (2 shared cores): opening the encoder about 2 s, the views 10 s (512 encoder
 * passes for 16 photos × 16 pairs), training 3 s (20 steps of 64 rows), writing the 13 MB
 * artifact well under a second: about 15 s in all. Deterministic weights for the same photos and
 * settings; the version id and file sha256 differ per run (they carry the creation time).
 *
 * <p>One training at a time per JVM (DJL's PyTorch gradient collector is process-wide).
 */
public final class DemoModel {
  /** The artifact's file name in the caller's folder. */
  public static final String ARTIFACT_FILE = "demo-crovca-64.hsm";

  /**
   * The seed of the model the demo's job starts with; the model it swaps to uses {@link
   * Settings#defaults()}' seed 0. Both keep every planted copy within {@link
   * DemoUploads#SUGGESTED_RADIUS} bits and different photos at least 18 bits apart
   * (DemoCopyDistanceTest); some other seeds put one copy a bit or two further.
   */
  public static final long FIRST_MODEL_SEED = 3;

  /** Who the update says published it. */
  public static final String CREATED_BY = "hashstream demo";

  private static final int MAX_SHORT_SIDE = 512;

  private DemoModel() {}

  /** What the model is trained to do. */
  public enum Recipe {
    /** Each photo is a class: views of one photo map to one code (supervised CroVCA). */
    SUPERVISED_BY_PHOTO,
    /** The paper's unsupervised two-view recipe. */
    UNSUPERVISED
  }

  /**
   * How to train.
   *
   * @param recipe supervised by photo, or unsupervised
   * @param pairsPerPhoto augmented view pairs per photo, at least 1
   * @param epochs passes over the data, at least 1
   * @param batchSize rows per step, at least 2 (and at most the number of rows)
   * @param seed views, initial weights and batch order
   */
  public record Settings(Recipe recipe, int pairsPerPhoto, int epochs, int batchSize, long seed) {
    /** Checks the ranges. */
    public Settings {
      Objects.requireNonNull(recipe, "recipe");
      if (pairsPerPhoto < 1 || epochs < 1 || batchSize < 2) {
        throw new IllegalArgumentException(
            "need pairsPerPhoto >= 1, epochs >= 1, batchSize >= 2: " + this);
      }
    }

    /**
     * Supervised by photo, 16 pairs per photo, 5 epochs of batch 64, seed 0.
     *
     * @return the settings
     */
    public static Settings defaults() {
      return new Settings(Recipe.SUPERVISED_BY_PHOTO, 16, 5, 64, 0);
    }

    /**
     * The same settings with another seed (other weights, so another model version).
     *
     * @param newSeed the seed
     * @return the settings
     */
    public Settings withSeed(long newSeed) {
      return new Settings(recipe, pairsPerPhoto, epochs, batchSize, newSeed);
    }
  }

  /**
   * A trained model, written.
   *
   * @param report the trainer's report (artifact, metrics, loss per epoch)
   * @param file the artifact file
   * @param sha256 the file's sha256
   * @param update the control message announcing it ({@code PREPARE})
   * @param viewSeconds time spent drawing and embedding the views
   * @param trainSeconds time spent training and writing
   */
  public record Trained(
      TrainingReport report,
      Path file,
      String sha256,
      ModelUpdate update,
      double viewSeconds,
      double trainSeconds) {}

  /**
   * Trains with its own bundled encoder (opened and closed here).
   *
   * @param photos the photos to train on (e.g. {@link DemoPhotos#load()})
   * @param dir an existing folder for the photos' copies ({@code photos/}) and the artifact
   * @param settings how to train
   * @param clock gives the artifact's creation time
   * @param progress receives progress lines
   * @return the model
   */
  public static Trained train(
      List<DemoPhotos.Photo> photos,
      Path dir,
      Settings settings,
      Clock clock,
      Consumer<String> progress) {
    try (EmbeddingExtractor extractor = EmbeddingExtractor.of(BundledEncoder.open())) {
      return train(photos, dir, settings, extractor, clock, progress);
    }
  }

  /**
   * Trains with the given encoder front end (not closed here).
   *
   * @param photos the photos to train on
   * @param dir an existing folder for the photos' copies ({@code photos/}) and the artifact
   * @param settings how to train
   * @param extractor the encoder the model is for; its id goes into the artifact
   * @param clock gives the artifact's creation time
   * @param progress receives progress lines
   * @return the model
   */
  public static Trained train(
      List<DemoPhotos.Photo> photos,
      Path dir,
      Settings settings,
      EmbeddingExtractor extractor,
      Clock clock,
      Consumer<String> progress) {
    int rows = Math.multiplyExact(photos.size(), settings.pairsPerPhoto());
    if (rows < settings.batchSize()) {
      throw new IllegalArgumentException(
          rows + " training rows are fewer than one batch of " + settings.batchSize());
    }
    long t0 = System.nanoTime();
    List<Path> files = writePhotos(photos, dir.resolve("photos"));
    AugmentedViewPairs.Views views =
        new AugmentedViewPairs(
                new PhotoLoader(ImageDecoder.withDefaults(), MAX_SHORT_SIDE),
                new CrovcaAugmentation(
                        AugmentationConfig.crovca(BundledEncoder.INPUT_SHAPE.height()))
                    ::apply,
                extractor,
                settings.pairsPerPhoto(),
                settings.seed())
            .embed(files, done -> {});
    double viewSeconds = (System.nanoTime() - t0) / 1e9;
    progress.accept(
        String.format(
            Locale.ROOT,
            "embedded %d view pairs of %d photos in %.1fs",
            rows,
            photos.size(),
            viewSeconds));

    long t1 = System.nanoTime();
    TrainingSet data;
    if (settings.recipe() == Recipe.SUPERVISED_BY_PHOTO) {
      float[][] labels = new float[rows][photos.size()];
      for (int r = 0; r < rows; r++) {
        labels[r][r / settings.pairsPerPhoto()] = 1f;
      }
      data = TrainingSet.labelled(List.of(views.first(), views.second()), labels);
    } else {
      data = TrainingSet.twoViews(views.first(), views.second());
    }
    Path output = dir.resolve(ARTIFACT_FILE);
    TrainerOptions options =
        TrainerOptions.builder()
            .output(output)
            .encoderId(extractor.encoderId())
            .bits(64)
            .epochs(settings.epochs())
            .batchSize(settings.batchSize())
            .seed(settings.seed())
            .progressEverySteps(0)
            .command(
                String.format(
                    Locale.ROOT,
                    "hashstream demo: DemoModel.train(%d demo photos, %s, %d pairs per photo,"
                        + " %d epochs, batch %d, seed %d)",
                    photos.size(),
                    settings.recipe(),
                    settings.pairsPerPhoto(),
                    settings.epochs(),
                    settings.batchSize(),
                    settings.seed()))
            .build();
    TrainingReport report = new CrovcaTrainer(clock, progress).run(options, data);
    double trainSeconds = (System.nanoTime() - t1) / 1e9;
    ModelUpdate update = update(report, output);
    return new Trained(report, output, report.artifactSha256(), update, viewSeconds, trainSeconds);
  }

  /**
   * Sends the update to {@code hashcoder-control} and waits for the broker.
   *
   * @param update the update
   * @param kafka where Kafka and the registry are, with the client security settings
   * @param timeout how long to wait for the acknowledgement
   * @return where it was written
   * @throws IllegalStateException if it was not acknowledged in time
   */
  public static RecordMetadata publish(ModelUpdate update, ClientConnection kafka, Duration timeout) {
    try (ModelPublisher publisher = ModelPublisher.open(kafka, timeout)) {
      return publisher.publish(update);
    }
  }

  private static ModelUpdate update(TrainingReport report, Path file) {
    ModelUpdate update =
        ModelUpdates.of(
            report.artifact(), file.toAbsolutePath().toUri(), report.artifactSha256(), CREATED_BY);
    return ModelUpdate.newBuilder(update).setStage(SwapStage.PREPARE).build();
  }

  private static List<Path> writePhotos(List<DemoPhotos.Photo> photos, Path folder) {
    try {
      Files.createDirectories(folder);
      List<Path> files = new ArrayList<>();
      for (int i = 0; i < photos.size(); i++) {
        DemoPhotos.Photo photo = photos.get(i);
        Path file = folder.resolve(String.format(Locale.ROOT, "%02d-%s", i + 1, photo.file()));
        Files.write(file, photo.bytes());
        files.add(file);
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo photos to " + folder, e);
    }
  }
}
