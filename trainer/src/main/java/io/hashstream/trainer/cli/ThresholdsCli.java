package io.hashstream.trainer.cli;

import io.hashstream.code.CodeLength;
import io.hashstream.code.Hamming;
import io.hashstream.image.CopyTransform;
import io.hashstream.image.ImageDecodeException;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.ImageFileWriter;
import io.hashstream.image.RgbImage;
import io.hashstream.inference.EncodedImage;
import io.hashstream.inference.ImageHasher;
import io.hashstream.inference.ImageHasher.HashedImage;
import io.hashstream.inference.ImageResult;
import io.hashstream.model.HashCoderSession;
import io.hashstream.model.ModelArtifact;
import io.hashstream.pdq.PdqDihedralHashes;
import io.hashstream.pdq.PdqHash;
import io.hashstream.trainer.eval.FusedOperatingPoint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hashstream thresholds}: the job's two radii ({@code index.radius}, {@code
 * index.pdq-radius}) for one false-alert budget, measured on the user's own images.
 *
 * <p>A budget of {@code b} false alerts per upload against an index of {@code n} images is a
 * per-pair false-match rate of {@code b / n}: the chance that an upload falsely matches one given
 * indexed image. The command hashes every image (both signals, as the job does), takes every pair
 * of different files as a non-matching pair, makes known copies of a sample of the images (every
 * {@link CopyTransform}) as matching pairs, and picks the radii whose <em>union</em> stays within
 * the rate with the most copies found ({@link FusedOperatingPoint}). It prints them beside the
 * best CroVCA-only and PDQ-only radii, recall per kind of edit, and how much the measurement can
 * tell: with {@code m} pairs, a rate below {@code 1/m} cannot be seen, so zero false matches among
 * them only bounds the rate by about {@code 3/m} (the rule of three, 95%).
 *
 * <p>Duplicates already in the folder count as false matches; the closest pairs are listed so
 * they can be checked.
 */
@Command(
    name = "thresholds",
    mixinStandardHelpOptions = true,
    exitCodeOnExecutionException = 2,
    description = {
      "Choose the job's radii (index.radius for CroVCA, index.pdq-radius for PDQ) for one false-alert"
          + " budget, measured on your images: every pair of different files is a non-match, and"
          + " edited copies of a sample of them are the matches to find. Pass absolute paths.",
      "Exit status: 0 done, 1 some files failed (named on stderr), 2 usage or fatal error."
    })
public final class ThresholdsCli implements Callable<Integer> {
  @Mixin ModelOption modelOption;

  @Option(names = "--budget", defaultValue = "0.01",
      description = "false alerts per upload you accept (default ${DEFAULT-VALUE})")
  double budget;

  @Option(names = "--index-size", defaultValue = "1000000",
      description = "images a tenant's index will hold (default ${DEFAULT-VALUE})")
  long indexSize;

  @Option(names = "--false-match-rate",
      description = "the per-pair rate itself, instead of --budget / --index-size")
  Double falseMatchRate;

  @Option(names = "--copies-of", defaultValue = "40",
      description = "how many images get edited copies (default ${DEFAULT-VALUE})")
  int copiesOf;

  @Option(names = "--pdq-min-quality", defaultValue = "50",
      description = "PDQ hashes of lower quality never match (default ${DEFAULT-VALUE})")
  int pdqMinQuality;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "folders (or files) of distinct images")
  List<Path> inputs;

  PrintStream out = System.out;
  PrintStream err = System.err;

  /**
   * Runs the command and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ThresholdsCli()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    double rate = falseMatchRate != null ? falseMatchRate : budget / indexSize;
    List<Path> files = ImageFiles.list(inputs);
    ModelArtifact model = modelOption.load();
    CorpusEmbeddings corpus =
        CorpusEmbeddings.embed(files, model, err, modelOption.batchSize, true);
    int n = corpus.files().size();
    if (n < 2) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "need at least two images that hash, got " + n);
    }
    CodeLength length = model.codeLength();
    int words = length.words();
    long[] codes = HashCoderSession.codesOfRaw(model, corpus.raw());

    // non-matching pairs: every two different files
    int pairs = n * (n - 1) / 2;
    FusedOperatingPoint.Pairs counted = new FusedOperatingPoint.Pairs(length.bits(), PdqHash.CODE_LENGTH.bits());
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        counted.add(false, Hamming.distance(length, codes, i * words, codes, j * words),
            pdqDistance(corpus.pdq()[i], corpus.pdq()[j]));
      }
    }

    // matching pairs: edited copies of an even sample of the images
    List<Integer> originals = evenSample(n, copiesOf);
    List<CopyTransform> kinds = new ArrayList<>();
    List<Integer> ofOriginal = new ArrayList<>();
    List<EncodedImage> edited = new ArrayList<>();
    ImageDecoder decoder = ImageDecoder.withDefaults();
    for (int o : originals) {
      RgbImage image;
      try {
        image = decoder.decode(Files.readAllBytes(corpus.files().get(o)));
      } catch (ImageDecodeException e) {
        continue; // it hashed a moment ago: only a file changed meanwhile gets here
      }
      for (CopyTransform t : CopyTransform.values()) {
        kinds.add(t);
        ofOriginal.add(o);
        edited.add(EncodedImage.of(t + "/" + o, ImageFileWriter.png(t.apply(image))));
      }
    }
    int[] posCode = new int[edited.size()];
    int[] posPdq = new int[edited.size()];
    boolean[] hashed = new boolean[edited.size()];
    try (ImageHasher hasher = ImageHasher.openBundled(model)) {
      for (int from = 0; from < edited.size(); from += modelOption.batchSize) {
        List<EncodedImage> batch = edited.subList(from, Math.min(edited.size(), from + modelOption.batchSize));
        List<ImageResult<HashedImage>> results = hasher.hashBoth(batch);
        for (int b = 0; b < results.size(); b++) {
          if (results.get(b) instanceof ImageResult.Ok<HashedImage> ok) {
            int c = from + b;
            int o = ofOriginal.get(c);
            posCode[c] = Hamming.distance(length, ok.value().code(), 0, codes, o * words);
            posPdq[c] = pdqDistance(ok.value().pdq(), corpus.pdq()[o]);
            hashed[c] = true;
            counted.add(true, posCode[c], posPdq[c]);
          }
        }
      }
    }

    FusedOperatingPoint fused = counted.best(rate);
    FusedOperatingPoint codeOnly = counted.bestAOnly(rate);
    FusedOperatingPoint pdqOnly = counted.bestBOnly(rate);

    out.printf(Locale.ROOT, "# %d images (%d pairs of different files), %d edited copies of %d of"
        + " them; model %s%n", n, pairs, edited.size(), originals.size(), model.version());
    out.printf(Locale.ROOT, "# budget: false-match rate per pair %.3g (%s)%n", rate,
        falseMatchRate != null ? "given"
            : budget + " false alerts per upload against " + indexSize + " images");
    if (rate < 1.0 / pairs) {
      out.printf(Locale.ROOT, "# note: %d pairs cannot show a rate below %.3g; zero false matches"
          + " among them bounds the rate by about %.3g (95%%). Add images for a sharper answer.%n",
          pairs, 1.0 / pairs, 3.0 / pairs);
    }
    print("fused (either signal)", fused);
    print("CroVCA alone", codeOnly);
    print("PDQ alone", pdqOnly);
    out.println("recall by edit, fused:");
    Map<CopyTransform, int[]> byKind = new EnumMap<>(CopyTransform.class);
    for (int c = 0; c < edited.size(); c++) {
      int[] counts = byKind.computeIfAbsent(kinds.get(c), t -> new int[2]);
      counts[1]++;
      if (hashed[c] && fused.matches(posCode[c], posPdq[c])) {
        counts[0]++;
      }
    }
    byKind.forEach((t, counts) -> out.printf(Locale.ROOT, "  %-24s %5.2f%n",
        t.name().toLowerCase(Locale.ROOT), (double) counts[0] / counts[1]));
    out.printf("set: --set index.radius=%d --set index.pdq-radius=%d%n",
        Math.max(0, fused.radiusA()), fused.radiusB());
    return corpus.failed() == 0 ? 0 : 1;
  }

  private void print(String name, FusedOperatingPoint p) {
    out.printf(Locale.ROOT, "%-22s CroVCA radius %3s  PDQ radius %3s  recall %.3f  false-match rate"
        + " %.3g  (%.3g false alerts per upload at %d images)%n", name, radius(p.radiusA()),
        radius(p.radiusB()), p.recall(), p.falseMatchRate(), p.falseMatchRate() * indexSize,
        indexSize);
  }

  private static String radius(int r) {
    return r < 0 ? "off" : Integer.toString(r);
  }

  /** The job's PDQ distance: the smallest over one image's eight variants, useful quality only. */
  private int pdqDistance(PdqDihedralHashes a, PdqDihedralHashes b) {
    if (a.quality() < pdqMinQuality || b.quality() < pdqMinQuality) {
      return FusedOperatingPoint.NOT_COMPARABLE;
    }
    return a.minDistance(b.original());
  }

  /** About {@code k} indices spread evenly over {@code 0..n-1}. */
  private static List<Integer> evenSample(int n, int k) {
    List<Integer> out = new ArrayList<>();
    int take = Math.min(n, Math.max(0, k));
    for (int i = 0; i < take; i++) {
      out.add((int) ((long) i * n / take));
    }
    return out;
  }
}
