package io.hashstream.bench.experiments;

import io.hashstream.bench.quality.QualityBenchmark;
import io.hashstream.code.CodeLength;
import io.hashstream.code.Hamming;
import io.hashstream.encoder.BundledEncoder;
import io.hashstream.encoder.EmbeddingPostprocessor;
import io.hashstream.image.AugmentationConfig;
import io.hashstream.image.CenterCropPreprocessor;
import io.hashstream.image.CopyTransform;
import io.hashstream.image.CrovcaAugmentation;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.RgbImage;
import io.hashstream.inference.EmbeddingExtractor;
import io.hashstream.model.HashCoderSession;
import io.hashstream.model.ModelArtifact;
import io.hashstream.trainer.CrovcaTrainer;
import io.hashstream.trainer.TrainerOptions;
import io.hashstream.trainer.baseline.EmbeddingHasher;
import io.hashstream.trainer.data.Npy;
import io.hashstream.trainer.data.TrainingSet;
import io.hashstream.trainer.eval.CopyDetection;
import io.hashstream.trainer.eval.LabelledImages;
import io.hashstream.trainer.eval.MeanAveragePrecision;
import io.hashstream.trainer.eval.Rankings;
import io.hashstream.trainer.views.CopyLikeAugmentation;
import io.hashstream.trainer.views.PhotoList;
import io.hashstream.trainer.views.PhotoLoader;
import io.hashstream.trainer.views.ViewAugmentation;
import io.hashstream.trainer.views.ViewSeeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Experiment runner for the CroVCA recipe (see the package doc). Subcommands: {@code cache}
 * (evaluation embeddings), {@code views} (extra training views) and {@code run} (train + score).
 */
@Command(
    name = "crovca-experiments",
    mixinStandardHelpOptions = true,
    subcommands = {CrovcaExperiments.Cache.class, CrovcaExperiments.Views.class, CrovcaExperiments.Run.class})
public final class CrovcaExperiments {
  private CrovcaExperiments() {}

  /**
   * Entry point.
   *
   * @param args arguments
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new CrovcaExperiments()).execute(args));
  }

  static void log(String format, Object... args) {
    System.err.println(String.format(Locale.ROOT, format, args));
  }

  static EmbeddingExtractor extractor() {
    return new EmbeddingExtractor(
        BundledEncoder.open(0), ImageDecoder.withDefaults(), CenterCropPreprocessor.forBundledEncoder(), 32);
  }

  /** Embeds the labelled sets and the copy-detection database and queries, as QualityBenchmark does. */
  @Command(name = "cache")
  static final class Cache implements Callable<Integer> {
    @Option(names = "--photos", required = true) Path photoList;
    @Option(names = "--holdout-every", defaultValue = "4") int holdoutEvery;
    @Option(names = "--labelled") Map<String, Path> labelled = new LinkedHashMap<>();
    @Option(names = "--out", required = true) Path out;

    @Override
    public Integer call() throws IOException {
      Files.createDirectories(out);
      ImageDecoder decoder = ImageDecoder.withDefaults();
      List<String> names = new ArrayList<>();
      List<float[]> distractorRaw = new ArrayList<>();
      try (EmbeddingExtractor extractor = extractor()) {
        for (Map.Entry<String, Path> set : labelled.entrySet()) {
          LabelledImages images = LabelledImages.read(set.getKey(), set.getValue());
          LabelledImages.Decoded decoded = images.decode(decoder, why -> log("skipped %s", why));
          float[][] raw = extractor.embed(decoded.images());
          Npy.writeFloatMatrix(out.resolve(set.getKey() + "-raw.npy"), raw);
          Npy.writeClassIds(out.resolve(set.getKey() + "-labels.npy"), decoded.labels());
          names.add(set.getKey());
          distractorRaw.addAll(List.of(raw));
          log("%s: %d images", set.getKey(), raw.length);
        }
        List<Path> photos = PhotoList.read(photoList);
        PhotoLoader loader = new PhotoLoader(decoder, 512);
        List<RgbImage> database = new ArrayList<>();
        for (int p = 0; p < photos.size(); p += holdoutEvery) {
          database.add(loader.load(photos.get(p)));
        }
        List<RgbImage> queries = new ArrayList<>();
        List<String> meta = new ArrayList<>();
        for (int i = 0; i < database.size(); i++) {
          for (CopyTransform t : CopyTransform.values()) {
            queries.add(t.apply(database.get(i)));
            meta.add(t.name() + "\t" + i);
          }
        }
        float[][] db = extractor.embed(database);
        List<float[]> all = new ArrayList<>(List.of(db));
        all.addAll(distractorRaw);
        Npy.writeFloatMatrix(out.resolve("copy-db.npy"), all.toArray(float[][]::new));
        Npy.writeFloatMatrix(out.resolve("copy-queries.npy"), extractor.embed(queries));
        Files.write(out.resolve("copy-queries.tsv"), meta);
        Files.write(out.resolve("sets.txt"), names);
        log("copy: %d queries, %d database", queries.size(), all.size());
      }
      return 0;
    }
  }

  /**
   * Seeded augmented view pairs of a list of images ({@code --images}: a photo list, or a labelled
   * TSV whose second column is the path), skipping indices {@code % holdoutEvery == 0} when asked.
   */
  @Command(name = "views")
  static final class Views implements Callable<Integer> {
    @Option(names = "--images", required = true) Path list;
    @Option(names = "--pairs", required = true) int pairs;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--aug", defaultValue = "crovca", description = "crovca or copy") String aug;
    @Option(names = "--crovca-probability", defaultValue = "0.5") double crovcaProbability;
    @Option(names = "--skip-holdout-every", defaultValue = "0") int skipHoldoutEvery;
    @Option(names = "--max-short-side", defaultValue = "512") int maxShortSide;
    @Option(names = "--out", required = true) Path out;

    @Override
    public Integer call() throws IOException {
      List<Path> images = new ArrayList<>();
      for (String line : Files.readAllLines(list)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        images.add(Path.of(f[f.length - 1].trim()));
      }
      int size = BundledEncoder.INPUT_SHAPE.height();
      ViewAugmentation augment =
          aug.equals("copy")
              ? new CopyLikeAugmentation(size, crovcaProbability)
              : new CrovcaAugmentation(AugmentationConfig.crovca(size))::apply;
      PhotoLoader loader = new PhotoLoader(ImageDecoder.withDefaults(), maxShortSide);
      List<float[]> first = new ArrayList<>();
      List<float[]> second = new ArrayList<>();
      long start = System.nanoTime();
      try (EmbeddingExtractor extractor = extractor()) {
        for (int i = 0; i < images.size(); i++) {
          if (skipHoldoutEvery > 0 && i % skipHoldoutEvery == 0) {
            continue;
          }
          RgbImage photo;
          try {
            photo = loader.load(images.get(i));
          } catch (Exception e) {
            log("skipped %s: %s", images.get(i), e.getMessage());
            continue;
          }
          int index = i;
          List<RgbImage> views =
              IntStream.range(0, 2 * pairs)
                  .parallel()
                  .mapToObj(v -> augment.apply(photo, seeded(seed, index, v / 2, v % 2)))
                  .toList();
          float[][] e = extractor.embed(new ArrayList<>(views));
          for (int p = 0; p < pairs; p++) {
            first.add(e[2 * p]);
            second.add(e[2 * p + 1]);
          }
          if (i % 50 == 0) {
            log("%d/%d images, %.0fs", i + 1, images.size(), (System.nanoTime() - start) / 1e9);
          }
        }
      }
      Files.createDirectories(out);
      Npy.writeFloatMatrix(out.resolve("view1.npy"), first.toArray(float[][]::new));
      Npy.writeFloatMatrix(out.resolve("view2.npy"), second.toArray(float[][]::new));
      log("wrote %d pairs to %s in %.0fs", first.size(), out, (System.nanoTime() - start) / 1e9);
      return 0;
    }

    static RandomGenerator seeded(long seed, int image, int pair, int view) {
      return ViewSeeds.of(ViewSeeds.salted(seed, 0x5eedL), image, pair, view);
    }
  }

  /** Trains CroVCA and fits the baselines on the same rows, then scores everything on the cache. */
  @Command(name = "run")
  static final class Run implements Callable<Integer> {
    @Option(names = "--cache", required = true) Path cache;
    @Option(names = "--photo-views", description = "the default model's views (photo-major)") Path photoViews;
    @Option(names = "--photo-pairs", defaultValue = "112") int photoPairs;
    @Option(names = "--photo-pairs-used", defaultValue = "0", description = "0 = all") int photoPairsUsed;
    @Option(names = "--holdout-every", defaultValue = "4") int holdoutEvery;
    @Option(names = "--extra-views", description = "folders with view1/view2.npy, repeatable") List<Path> extra = new ArrayList<>();
    @Option(names = "--bits", split = ",", defaultValue = "16,32,64") List<Integer> bits;
    @Option(names = "--epochs", defaultValue = "5") int epochs;
    @Option(names = "--batch-size", defaultValue = "256") int batch;
    @Option(names = "--lr", defaultValue = "1e-3") double lr;
    @Option(names = "--min-lr", defaultValue = "1e-6") double minLr;
    @Option(names = "--weight-decay", defaultValue = "1e-2") double wd;
    @Option(names = "--coding-rate-weight", defaultValue = "0.1") double codingRateWeight;
    @Option(names = "--coding-rate-eps", defaultValue = "0.05") double codingRateEps;
    @Option(names = "--keep-models", description = "copy the trained artifacts here") Path keepModels;
    @Option(names = "--fit-rows", defaultValue = "2000") int fitRows;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--k", defaultValue = "100") int k;
    @Option(names = "--max-fmr", defaultValue = "1e-4") double maxFmr;
    @Option(names = "--no-baselines") boolean noBaselines;
    @Option(names = "--label", defaultValue = "") String label;

    @Override
    public Integer call() throws IOException {
      long start = System.nanoTime();
      List<float[]> t1 = new ArrayList<>();
      List<float[]> t2 = new ArrayList<>();
      if (photoViews != null) {
        float[][] v1 = Npy.readFloatMatrix(photoViews.resolve("view1.npy"));
        float[][] v2 = Npy.readFloatMatrix(photoViews.resolve("view2.npy"));
        int photos = v1.length / photoPairs;
        int used = photoPairsUsed == 0 ? photoPairs : photoPairsUsed;
        for (int p = 0; p < photos; p++) {
          if (p % holdoutEvery == 0) {
            continue;
          }
          for (int r = p * photoPairs; r < p * photoPairs + used; r++) {
            t1.add(v1[r]);
            t2.add(v2[r]);
          }
        }
      }
      for (Path dir : extra) {
        t1.addAll(List.of(Npy.readFloatMatrix(dir.resolve("view1.npy"))));
        t2.addAll(List.of(Npy.readFloatMatrix(dir.resolve("view2.npy"))));
      }
      TrainingSet train = TrainingSet.twoViews(t1.toArray(float[][]::new), t2.toArray(float[][]::new));
      Path tmp = Files.createTempDirectory("crovca-exp");
      Map<Integer, ModelArtifact> crovca = new LinkedHashMap<>();
      for (int b : bits) {
        TrainerOptions options =
            TrainerOptions.builder()
                .output(tmp.resolve("crovca-" + b + ".hsm"))
                .encoderId(BundledEncoder.ENCODER_ID)
                .bits(b)
                .epochs(epochs)
                .batchSize(batch)
                .learningRate(lr)
                .minLearningRate(minLr)
                .weightDecay(wd)
                .codingRateWeight(codingRateWeight)
                .codingRateEps(codingRateEps)
                .seed(seed)
                .command("crovca-experiments run " + label)
                .progressEverySteps(0)
                .build();
        crovca.put(b, new CrovcaTrainer(Clock.systemUTC(), line -> {}).run(options, train).artifact());
        if (keepModels != null) {
          Files.createDirectories(keepModels);
          Files.copy(options.output(), keepModels.resolve("crovca-" + b + ".hsm"), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      EmbeddingPostprocessor post = crovca.values().iterator().next().postprocessor();
      Map<String, EmbeddingHasher> baselines =
          noBaselines ? Map.of() : QualityBenchmark.baselines(train.view(0), post, bits, fitRows, seed);
      StringBuilder report = new StringBuilder();
      report.append(String.format(Locale.ROOT, "== %s: %d pairs, %d epochs x %d steps, batch %d, lr %g, wd %g, coding rate %g (eps %g)%n",
          label, train.rows(), epochs, train.rows() / batch, batch, lr, wd, codingRateWeight, codingRateEps));
      for (String set : Files.readAllLines(cache.resolve("sets.txt"))) {
        float[][] raw = Npy.readFloatMatrix(cache.resolve(set + "-raw.npy"));
        int[] y = toInts(Npy.readLabels(cache.resolve(set + "-labels.npy")));
        float[][] x = post.apply(raw);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-9s", set));
        for (int b : bits) {
          CodeLength length = CodeLength.ofBits(b);
          line.append(String.format(Locale.ROOT, " | %d: CroVCA %.3f", b, map(HashCoderSession.codesOfRaw(crovca.get(b), raw), length, y)));
          for (String m : List.of("LSH", "PCA-RR", "ITQ")) {
            EmbeddingHasher h = baselines.get(m + "-" + b);
            if (h != null) {
              line.append(String.format(Locale.ROOT, " %s %.3f", m, map(h.codes(x), length, y)));
            }
          }
        }
        report.append(line).append('\n');
      }
      // copy detection at the largest length
      int top = bits.get(bits.size() - 1);
      float[][] dbRaw = Npy.readFloatMatrix(cache.resolve("copy-db.npy"));
      float[][] qRaw = Npy.readFloatMatrix(cache.resolve("copy-queries.npy"));
      List<CopyTransform> transforms = new ArrayList<>();
      List<Integer> sources = new ArrayList<>();
      for (String l : Files.readAllLines(cache.resolve("copy-queries.tsv"))) {
        String[] f = l.split("\t");
        transforms.add(CopyTransform.valueOf(f[0]));
        sources.add(Integer.parseInt(f[1]));
      }
      int[] src = sources.stream().mapToInt(Integer::intValue).toArray();
      Map<String, long[][]> methods = new LinkedHashMap<>();
      methods.put("CroVCA-" + top, new long[][] {HashCoderSession.codesOfRaw(crovca.get(top), qRaw), HashCoderSession.codesOfRaw(crovca.get(top), dbRaw)});
      for (String m : List.of("ITQ", "PCA-RR", "LSH")) {
        EmbeddingHasher h = baselines.get(m + "-" + top);
        if (h != null) {
          methods.put(m + "-" + top, new long[][] {h.codes(post.apply(qRaw)), h.codes(post.apply(dbRaw))});
        }
      }
      for (Map.Entry<String, long[][]> e : methods.entrySet()) {
        long[] q = e.getValue()[0];
        long[] d = e.getValue()[1];
        CopyDetection.Result r =
            CopyDetection.evaluate(transforms, src, dbRaw.length, (a, i) -> Hamming.distance(q[a], d[i]), maxFmr);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "copy %-10s r<=%2.0f all %.2f top1 %.2f |",
            e.getKey(), r.operatingPoint().threshold(), r.recall(), r.top1()));
        r.recallByFamily().forEach((f, v) -> line.append(String.format(Locale.ROOT, " %s %.2f", f.name().toLowerCase(Locale.ROOT), v)));
        report.append(line).append('\n');
      }
      report.append(String.format(Locale.ROOT, "(%.0fs)%n", (System.nanoTime() - start) / 1e9));
      System.out.print(report);
      return 0;
    }

    private double map(long[] codes, CodeLength length, int[] labels) {
      int n = labels.length;
      int[][] ranks = new int[n][];
      for (int q = 0; q < n; q++) {
        ranks[q] = Rankings.byHamming(length, codes, n, codes, q * length.words(), q, k);
      }
      return MeanAveragePrecision.of(ranks, labels, labels, k);
    }

    private static int[] toInts(float[][] oneHot) {
      int[] y = new int[oneHot.length];
      for (int i = 0; i < y.length; i++) {
        for (int c = 0; c < oneHot[i].length; c++) {
          if (oneHot[i][c] > 0) {
            y[i] = c;
          }
        }
      }
      return y;
    }
  }
}
