package io.hashstream.bench.experiments;

import io.hashstream.bench.quality.QualityBenchmark;
import io.hashstream.code.CodeLength;
import io.hashstream.code.Hamming;
import io.hashstream.encoder.BundledEncoder;
import io.hashstream.encoder.EncoderConfig;
import io.hashstream.encoder.EncoderInputShape;
import io.hashstream.encoder.OnnxImageEncoder;
import io.hashstream.image.BilinearResampler;
import io.hashstream.image.ChannelNormalization;
import io.hashstream.encoder.EmbeddingPostprocessor;
import io.hashstream.image.AugmentationConfig;
import io.hashstream.image.CenterCropPreprocessor;
import io.hashstream.image.CopyTransform;
import io.hashstream.image.CrovcaAugmentation;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.ImageRegions;
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
import java.util.function.UnaryOperator;
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
    subcommands = {
      CrovcaExperiments.Cache.class,
      CrovcaExperiments.Views.class,
      CrovcaExperiments.Run.class,
      CrovcaExperiments.FloatScore.class,
      CrovcaExperiments.Score.class
    })
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

  /**
   * The images' descriptors under each pooling: with no {@code --encoder}, only {@code raw} (the
   * bundled encoder's embedding); with an encoder that outputs its flattened feature map
   * ({@code tools/nsfwjs-onnx --feature-map --dynamic-size}) at {@code --size}, each pooling of
   * {@link FeatureMapPooling}.
   */
  static final class Descriptors implements AutoCloseable {
    private final EmbeddingExtractor extractor;
    private final List<String> poolings;
    private final boolean featureMap;
    private final UnaryOperator<RgbImage> prepare;

    Descriptors(Path encoderFile, int size, List<String> poolings) {
      this(encoderFile, size, poolings, 0, false);
    }

    /**
     * @param preShrink when positive, every image is first shrunk (antialiased) so its shorter side
     *     is at most this, a low-pass that makes down-scaled and blurred copies look like their
     *     originals to the encoder
     * @param squash resize the whole image to the input square instead of centre-cropping it
     */
    Descriptors(Path encoderFile, int size, List<String> poolings, int preShrink, boolean squash) {
      this.prepare =
          image -> {
            RgbImage out = image;
            int shortSide = Math.min(out.width(), out.height());
            if (preShrink > 0 && shortSide > preShrink) {
              double f = preShrink / (double) shortSide;
              out = BilinearResampler.resize(out, Math.max(1, (int) Math.round(out.width() * f)), Math.max(1, (int) Math.round(out.height() * f)));
            }
            return squash ? BilinearResampler.resize(out, size, size) : out;
          };
      this.featureMap = encoderFile != null;
      this.poolings = featureMap ? poolings : List.of("raw");
      if (!featureMap) {
        extractor = extractor();
      } else {
        EncoderInputShape shape = EncoderInputShape.rgbNchw(size, size);
        EncoderConfig config =
            EncoderConfig.of("research-feature-map", shape).withInputName("input").withOutputName("feature_map");
        extractor =
            new EmbeddingExtractor(
                OnnxImageEncoder.load(encoderFile, config),
                ImageDecoder.withDefaults(),
                new CenterCropPreprocessor(shape, ChannelNormalization.NONE),
                16);
      }
    }

    List<String> poolings() {
      return poolings;
    }

    /** Per pooling, one row per image. */
    Map<String, float[][]> of(List<RgbImage> images) {
      Map<String, float[][]> out = new LinkedHashMap<>();
      for (String p : poolings) {
        out.put(p, new float[images.size()][]);
      }
      int batch = 32;
      for (int from = 0; from < images.size(); from += batch) {
        List<RgbImage> part = images.subList(from, Math.min(images.size(), from + batch));
        float[][] e = extractor.embed(part.stream().map(prepare).toList());
        for (int i = 0; i < e.length; i++) {
          for (String p : poolings) {
            out.get(p)[from + i] = featureMap ? FeatureMapPooling.pool(e[i], BundledEncoder.EMBEDDING_SIZE, p) : e[i];
          }
        }
      }
      return out;
    }

    @Override
    public void close() {
      extractor.close();
    }
  }

  /**
   * Embeds the labelled sets (distractors) and the copy-detection database and queries, as
   * QualityBenchmark does: originals are the photos of {@code --photos} with index % {@code
   * --holdout-every} == 0 plus every photo of {@code --copy-photos}; each original's {@link
   * CopyTransform}s are its queries. With {@code --region-fraction f > 0}, also the descriptors of
   * five regions of every database item (the centre and the four corners, each {@code f} of each
   * side) in {@code region-db.npy}, five rows per item in database order. One folder per pooling.
   */
  @Command(name = "cache")
  static final class Cache implements Callable<Integer> {
    @Option(names = "--photos") Path photoList;
    @Option(names = "--copy-photos") List<Path> copyPhotoLists = new ArrayList<>();
    @Option(names = "--holdout-every", defaultValue = "4") int holdoutEvery;
    @Option(names = "--labelled") Map<String, Path> labelled = new LinkedHashMap<>();
    @Option(names = "--encoder", description = "feature-map ONNX (default: the bundled encoder)") Path encoder;
    @Option(names = "--size", defaultValue = "224") int size;
    @Option(names = "--poolings", split = ",", defaultValue = "gap,gem3") List<String> poolings;
    @Option(names = "--pre-shrink", defaultValue = "0") int preShrink;
    @Option(names = "--squash") boolean squash;
    @Option(names = "--region-fraction", defaultValue = "0") double regionFraction;
    @Option(names = "--out", required = true) Path out;

    @Override
    public Integer call() throws IOException {
      ImageDecoder decoder = ImageDecoder.withDefaults();
      List<String> names = new ArrayList<>();
      try (Descriptors descriptors = new Descriptors(encoder, size, poolings, preShrink, squash)) {
        Map<String, List<float[]>> db = new LinkedHashMap<>();
        Map<String, List<float[]>> queries = new LinkedHashMap<>();
        Map<String, List<float[]>> regions = new LinkedHashMap<>();
        List<RgbImage> dbImagesForRegions = new ArrayList<>();
        List<String> meta = new ArrayList<>();
        List<Path> originals = new ArrayList<>();
        if (photoList != null) {
          List<Path> photos = PhotoList.read(photoList);
          for (int p = 0; p < photos.size(); p += holdoutEvery) {
            originals.add(photos.get(p));
          }
        }
        for (Path list : copyPhotoLists) {
          originals.addAll(PhotoList.read(list));
        }
        PhotoLoader loader = new PhotoLoader(decoder, 512);
        long start = System.nanoTime();
        int loaded = 0;
        for (Path file : originals) {
          RgbImage original;
          try {
            original = loader.load(file);
          } catch (RuntimeException e) {
            log("skipped %s: %s", file, e.getMessage());
            continue;
          }
          List<RgbImage> copies = new ArrayList<>();
          for (CopyTransform t : CopyTransform.values()) {
            copies.add(t.apply(original));
            meta.add(t.name() + "\t" + loaded);
          }
          copies.add(original);
          Map<String, float[][]> d = descriptors.of(copies);
          for (String p : descriptors.poolings()) {
            float[][] rows = d.get(p);
            queries.computeIfAbsent(p, k -> new ArrayList<>()).addAll(List.of(rows).subList(0, rows.length - 1));
            db.computeIfAbsent(p, k -> new ArrayList<>()).add(rows[rows.length - 1]);
          }
          addRegions(descriptors, original, regions);
          if (++loaded % 25 == 0) {
            log("%d/%d originals, %.0fs", loaded, originals.size(), (System.nanoTime() - start) / 1e9);
          }
        }
        Map<String, List<float[]>> distractors = new LinkedHashMap<>();
        for (Map.Entry<String, Path> set : labelled.entrySet()) {
          LabelledImages images = LabelledImages.read(set.getKey(), set.getValue());
          LabelledImages.Decoded decoded = images.decode(decoder, why -> log("skipped %s", why));
          Map<String, float[][]> d = descriptors.of(decoded.images());
          for (String p : descriptors.poolings()) {
            Path dir = dir(p);
            Npy.writeFloatMatrix(dir.resolve(set.getKey() + "-raw.npy"), d.get(p));
            Npy.writeClassIds(dir.resolve(set.getKey() + "-labels.npy"), decoded.labels());
            distractors.computeIfAbsent(p, k -> new ArrayList<>()).addAll(List.of(d.get(p)));
          }
          for (RgbImage image : decoded.images()) {
            addRegions(descriptors, image, regions);
          }
          names.add(set.getKey());
          log("%s: %d images", set.getKey(), decoded.images().size());
        }
        for (String p : descriptors.poolings()) {
          Path dir = dir(p);
          List<float[]> all = new ArrayList<>(db.get(p));
          all.addAll(distractors.getOrDefault(p, List.of()));
          Npy.writeFloatMatrix(dir.resolve("copy-db.npy"), all.toArray(float[][]::new));
          Npy.writeFloatMatrix(dir.resolve("copy-queries.npy"), queries.get(p).toArray(float[][]::new));
          Files.write(dir.resolve("copy-queries.tsv"), meta);
          Files.write(dir.resolve("sets.txt"), names);
          if (regionFraction > 0) {
            Npy.writeFloatMatrix(dir.resolve("region-db.npy"), regions.get(p).toArray(float[][]::new));
          }
          log("%s: %d queries, %d database", p, meta.size(), all.size());
        }
      }
      return 0;
    }

    private Path dir(String pooling) throws IOException {
      Path dir = encoder == null ? out : out.resolve(pooling);
      Files.createDirectories(dir);
      return dir;
    }

    /** The centre and four corner windows of {@code regionFraction} of each side. */
    private void addRegions(Descriptors descriptors, RgbImage image, Map<String, List<float[]>> regions) {
      if (regionFraction <= 0) {
        return;
      }
      descriptors
          .of(new ImageRegions(regionFraction).of(image))
          .forEach((p, rows) -> regions.computeIfAbsent(p, k -> new ArrayList<>()).addAll(List.of(rows)));
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
    @Option(names = "--encoder", description = "feature-map ONNX (default: the bundled encoder)") Path encoder;
    @Option(names = "--size", defaultValue = "224") int size;
    @Option(names = "--poolings", split = ",", defaultValue = "gap,gem3") List<String> poolings;
    @Option(names = "--pre-shrink", defaultValue = "0") int preShrink;
    @Option(names = "--squash") boolean squash;
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
      int viewSize = BundledEncoder.INPUT_SHAPE.height();
      ViewAugmentation augment =
          switch (aug) {
            case "copy" -> new CopyLikeAugmentation(viewSize, crovcaProbability);
            case "none" -> (photo, random) -> photo; // the originals themselves, as anchors
            default -> new CrovcaAugmentation(AugmentationConfig.crovca(viewSize))::apply;
          };
      PhotoLoader loader = new PhotoLoader(ImageDecoder.withDefaults(), maxShortSide);
      Map<String, List<float[]>> first = new LinkedHashMap<>();
      Map<String, List<float[]>> second = new LinkedHashMap<>();
      long start = System.nanoTime();
      int rows = 0;
      try (Descriptors descriptors = new Descriptors(encoder, size, poolings, preShrink, squash)) {
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
          Map<String, float[][]> d = descriptors.of(new ArrayList<>(views));
          d.forEach(
              (p, e) -> {
                for (int q = 0; q < pairs; q++) {
                  first.computeIfAbsent(p, k -> new ArrayList<>()).add(e[2 * q]);
                  second.computeIfAbsent(p, k -> new ArrayList<>()).add(e[2 * q + 1]);
                }
              });
          rows += pairs;
          if (i % 25 == 0) {
            log("%d/%d images, %.0fs", i + 1, images.size(), (System.nanoTime() - start) / 1e9);
          }
        }
      }
      for (String p : first.keySet()) {
        Path dir = encoder == null ? out : out.resolve(p);
        Files.createDirectories(dir);
        Npy.writeFloatMatrix(dir.resolve("view1.npy"), first.get(p).toArray(float[][]::new));
        Npy.writeFloatMatrix(dir.resolve("view2.npy"), second.get(p).toArray(float[][]::new));
      }
      log("wrote %d pairs to %s in %.0fs", rows, out, (System.nanoTime() - start) / 1e9);
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
    @Option(names = "--photo-views", description = "photo-major view folders, held-out photos skipped; repeatable") List<Path> photoViewDirs = new ArrayList<>();
    @Option(names = "--photo-pairs", defaultValue = "112") int photoPairs;
    @Option(names = "--photo-pairs-used", defaultValue = "0", description = "0 = all") int photoPairsUsed;
    @Option(names = "--holdout-every", defaultValue = "4") int holdoutEvery;
    @Option(names = "--extra-views", description = "folders with view1/view2.npy, repeatable") List<Path> extra = new ArrayList<>();
    @Option(
        names = "--anchors",
        description =
            "folder whose view1.npy holds each photo's unedited embedding (views --aug none --pairs 1):"
                + " every photo view is also paired with its photo's original")
    Path anchors;
    @Option(names = "--anchor-only", description = "with --anchors: drop the (view, view) pairs") boolean anchorOnly;
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
      for (Path photoViews : photoViewDirs) {
        float[][] v1 = Npy.readFloatMatrix(photoViews.resolve("view1.npy"));
        float[][] v2 = Npy.readFloatMatrix(photoViews.resolve("view2.npy"));
        int photos = v1.length / photoPairs;
        float[][] anchor = anchors == null ? null : Npy.readFloatMatrix(anchors.resolve("view1.npy"));
        int used = photoPairsUsed == 0 ? photoPairs : photoPairsUsed;
        for (int p = 0; p < photos; p++) {
          if (p % holdoutEvery == 0) {
            continue;
          }
          for (int r = p * photoPairs; r < p * photoPairs + used; r++) {
            if (!anchorOnly) {
              t1.add(v1[r]);
              t2.add(v2[r]);
            }
            if (anchor != null) {
              // the database holds originals and queries are edits: align each edit with it
              t1.add(anchor[p]);
              t2.add(v1[r]);
              t1.add(anchor[p]);
              t2.add(v2[r]);
            }
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
      CopyCache copy = CopyCache.read(cache);
      float[][] dbRaw = copy.database();
      float[][] qRaw = copy.queries();
      List<CopyTransform> transforms = copy.transforms();
      int[] src = copy.sources();
      Map<String, CopyDetection.PairDistance> methods = new LinkedHashMap<>();
      long[] cq = HashCoderSession.codesOfRaw(crovca.get(top), qRaw);
      long[] cd = HashCoderSession.codesOfRaw(crovca.get(top), dbRaw);
      methods.put("CroVCA-" + top, (a, i) -> Hamming.distance(cq[a], cd[i]));
      for (String m : List.of("ITQ", "PCA-RR", "LSH")) {
        EmbeddingHasher h = baselines.get(m + "-" + top);
        if (h != null) {
          long[] q = h.codes(post.apply(qRaw));
          long[] d = h.codes(post.apply(dbRaw));
          methods.put(m + "-" + top, (a, i) -> Hamming.distance(q[a], d[i]));
        }
      }
      float[][] fq = post.apply(qRaw);
      float[][] fd = post.apply(dbRaw);
      methods.put("float", (a, i) -> 1 - Rankings.dot(fq[a], fd[i]));
      Path regionFile = cache.resolve("region-db.npy");
      if (Files.exists(regionFile)) {
        // every database item is indexed as six codes (whole, centre, four corners); a query
        // matches an item when any of them is within the radius, so the item's distance is the min
        float[][] regionRaw = Npy.readFloatMatrix(regionFile);
        int per = regionRaw.length / dbRaw.length;
        long[] rd = HashCoderSession.codesOfRaw(crovca.get(top), regionRaw);
        methods.put(
            "CroVCA-" + top + "+regions",
            CopyDetection.nearestOfRegions(methods.get("CroVCA-" + top), (a, r) -> Hamming.distance(cq[a], rd[r]), per));
        float[][] fr = post.apply(regionRaw);
        methods.put(
            "float+regions",
            CopyDetection.nearestOfRegions(methods.get("float"), (a, r) -> 1 - Rankings.dot(fq[a], fr[r]), per));
      }
      for (Map.Entry<String, CopyDetection.PairDistance> e : methods.entrySet()) {
        report.append(line("copy", e.getKey(), CopyDetection.evaluate(transforms, src, dbRaw.length, e.getValue(), maxFmr)));
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

  /**
   * Copy detection of the float embedding alone (cosine after signed sqrt and centring on the
   * database), with and without the regions: compares descriptors without training anything.
   */
  @Command(name = "float")
  static final class FloatScore implements Callable<Integer> {
    @Option(names = "--cache", required = true) Path cache;
    @Option(names = "--max-fmr", defaultValue = "1e-4") double maxFmr;

    @Override
    public Integer call() throws IOException {
      CopyCache copy = CopyCache.read(cache);
      float[][] dbRaw = copy.database();
      float[][] qRaw = copy.queries();
      List<CopyTransform> transforms = copy.transforms();
      int[] src = copy.sources();
      EmbeddingPostprocessor post = EmbeddingPostprocessor.fit("experiment", dbRaw);
      float[][] fq = post.apply(qRaw);
      float[][] fd = post.apply(dbRaw);
      Map<String, CopyDetection.PairDistance> methods = new LinkedHashMap<>();
      methods.put("float", (a, i) -> 1 - Rankings.dot(fq[a], fd[i]));
      Path regionFile = cache.resolve("region-db.npy");
      if (Files.exists(regionFile)) {
        float[][] fr = post.apply(Npy.readFloatMatrix(regionFile));
        int per = fr.length / fd.length;
        methods.put(
            "float+regions",
            CopyDetection.nearestOfRegions(methods.get("float"), (a, r) -> 1 - Rankings.dot(fq[a], fr[r]), per));
      }
      for (Map.Entry<String, CopyDetection.PairDistance> e : methods.entrySet()) {
        System.out.print(
            line(cache.getFileName().toString(), e.getKey(), CopyDetection.evaluate(transforms, src, dbRaw.length, e.getValue(), maxFmr)));
      }
      return 0;
    }
  }

  /** Copy detection of trained models (as they are, uncalibrated) on a cache. */
  @Command(name = "score")
  static final class Score implements Callable<Integer> {
    @Option(names = "--cache", required = true) Path cache;
    @Option(names = "--model", required = true, description = "model artifacts, repeatable") List<Path> models;
    @Option(names = "--max-fmr", defaultValue = "1e-4") double maxFmr;

    @Override
    public Integer call() throws IOException {
      CopyCache copy = CopyCache.read(cache);
      for (Path file : models) {
        ModelArtifact model = ModelArtifact.read(file);
        long[] q = HashCoderSession.codesOfRaw(model, copy.queries());
        long[] d = HashCoderSession.codesOfRaw(model, copy.database());
        CopyDetection.Result r =
            CopyDetection.evaluate(
                copy.transforms(), copy.sources(), d.length, (a, i) -> Hamming.distance(q[a], d[i]), maxFmr);
        System.out.print(line(cache.getFileName().toString(), file.getFileName().toString(), r));
      }
      return 0;
    }
  }

  /** The copy-detection part of a {@code cache} folder. */
  record CopyCache(float[][] database, float[][] queries, List<CopyTransform> transforms, int[] sources) {
    static CopyCache read(Path cache) throws IOException {
      List<CopyTransform> transforms = new ArrayList<>();
      List<Integer> sources = new ArrayList<>();
      for (String l : Files.readAllLines(cache.resolve("copy-queries.tsv"))) {
        String[] f = l.split("\t");
        transforms.add(CopyTransform.valueOf(f[0]));
        sources.add(Integer.parseInt(f[1]));
      }
      return new CopyCache(
          Npy.readFloatMatrix(cache.resolve("copy-db.npy")),
          Npy.readFloatMatrix(cache.resolve("copy-queries.npy")),
          transforms,
          sources.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  /** One method's copy-detection scores: overall, per family, then per transform. */
  static String line(String label, String method, CopyDetection.Result r) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s %-16s t<%7.4f all %.3f top1 %.3f |",
                label,
                method,
                r.operatingPoint().threshold(),
                r.recall(),
                r.top1()));
    r.recallByFamily().forEach((f, v) -> line.append(String.format(Locale.ROOT, " %s %.2f", f.name().toLowerCase(Locale.ROOT), v)));
    line.append("\n   per transform:");
    r.recallByTransform().forEach((t, v) -> line.append(String.format(Locale.ROOT, " %s %.2f", t.name().toLowerCase(Locale.ROOT), v)));
    return line.append('\n').toString();
  }
}
