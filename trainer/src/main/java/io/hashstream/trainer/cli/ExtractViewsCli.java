package io.hashstream.trainer.cli;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.image.AugmentationConfig;
import io.hashstream.image.CenterCropPreprocessor;
import io.hashstream.image.CrovcaAugmentation;
import io.hashstream.image.ImageDecoder;
import io.hashstream.inference.EmbeddingExtractor;
import io.hashstream.trainer.data.Npy;
import io.hashstream.trainer.views.AugmentedViewPairs;
import io.hashstream.trainer.views.CopyLikeAugmentation;
import io.hashstream.trainer.views.PhotoList;
import io.hashstream.trainer.views.PhotoLoader;
import io.hashstream.trainer.views.ViewAugmentation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hashstream extract-views}: embeds seeded pairs of augmented views of photos with the
 * bundled encoder ({@code --augmentation crovca}: the paper's augmentations, for semantic
 * retrieval; {@code copy}: {@link CopyLikeAugmentation}, for near-duplicate detection) and writes {@code view1.npy} and {@code view2.npy} (raw float32 {@code [photos ·
 * pairs, 1792]}, row-aligned) for {@code hashstream train}. Work is done by {@link
 * AugmentedViewPairs}; this class parses arguments and reports progress on stderr.
 */
@Command(
    name = "extract-views",
    mixinStandardHelpOptions = true,
    description = {
      "Embed seeded pairs of augmented views of photos with the bundled encoder and write"
          + " view1.npy and view2.npy (raw embeddings, row i of both is one pair) for 'train'."
    })
public final class ExtractViewsCli implements Callable<Integer> {
  @Option(
      names = "--photos",
      required = true,
      description = "text file: one photo path per line ('#' starts a comment)")
  Path photoList;

  @Option(names = "--out", required = true, description = "folder for view1.npy and view2.npy")
  Path out;

  @Option(names = "--pairs-per-photo", defaultValue = "128", description = "default ${DEFAULT-VALUE}")
  int pairsPerPhoto;

  @Option(names = "--seed", defaultValue = "0", description = "seeds every view")
  long seed;

  @Option(
      names = "--max-short-side",
      defaultValue = "512",
      description = "photos are shrunk to this shorter side before augmenting")
  int maxShortSide;

  /** Which view distribution to draw. */
  enum Augmentation {
    /** The paper's augmentations: views for semantic retrieval. */
    crovca,
    /** Copy-like edits (plus the paper's augmentations at --crovca-probability): views for near-duplicate detection. */
    copy
  }

  @Option(
      names = "--augmentation",
      defaultValue = "crovca",
      description = "crovca (the paper's; semantic retrieval) or copy (copy-like edits; near-duplicate detection); default ${DEFAULT-VALUE}")
  Augmentation augmentation;

  @Option(
      names = "--crovca-probability",
      defaultValue = "0.2",
      description = "with --augmentation copy: share of views that are the paper's augmentations (default ${DEFAULT-VALUE})")
  double crovcaProbability;

  @Option(names = "--batch-size", defaultValue = "32", description = "encoder batch size")
  int batchSize;

  @Option(names = "--threads", defaultValue = "0", description = "encoder threads, 0 = one per core")
  int threads;

  /**
   * Runs the command and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ExtractViewsCli()).execute(args));
  }

  ViewAugmentation viewAugmentation() {
    int size = BundledEncoder.INPUT_SHAPE.height();
    return switch (augmentation) {
      case crovca -> new CrovcaAugmentation(AugmentationConfig.crovca(size))::apply;
      case copy -> new CopyLikeAugmentation(size, crovcaProbability);
    };
  }

  @Override
  public Integer call() throws IOException {
    List<Path> photos = PhotoList.read(photoList);
    Files.createDirectories(out);
    CountProgress progress =
        new CountProgress(
            System.err, "photos", photos.size(), System::nanoTime, TimeUnit.SECONDS.toNanos(5));
    AugmentedViewPairs.Views views;
    try (EmbeddingExtractor extractor =
        new EmbeddingExtractor(
            BundledEncoder.open(threads),
            ImageDecoder.withDefaults(),
            CenterCropPreprocessor.forBundledEncoder(),
            batchSize)) {
      AugmentedViewPairs pairs =
          new AugmentedViewPairs(
              new PhotoLoader(ImageDecoder.withDefaults(), maxShortSide),
              viewAugmentation(),
              extractor,
              pairsPerPhoto,
              seed);
      views = pairs.embed(photos, done -> progress.update(done, 0));
    }
    Npy.writeFloatMatrix(out.resolve("view1.npy"), views.first());
    Npy.writeFloatMatrix(out.resolve("view2.npy"), views.second());
    System.err.println(
        "wrote " + views.first().length + " pairs to " + out.resolve("view1.npy") + ", view2.npy");
    return 0;
  }
}
