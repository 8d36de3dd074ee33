package io.hashstream.bench.quality;
import io.hashstream.trainer.eval.LabelledImages;
import io.hashstream.trainer.eval.Rankings;
import io.hashstream.trainer.eval.MeanAveragePrecision;
import io.hashstream.trainer.eval.CopyDetection;
import io.hashstream.trainer.eval.FusedOperatingPoint;

import ai.djl.util.JsonUtils;
import io.hashstream.code.CodeLength;
import io.hashstream.code.Hamming;
import io.hashstream.encoder.BundledEncoder;
import io.hashstream.encoder.EmbeddingPostprocessor;
import io.hashstream.image.CenterCropPreprocessor;
import io.hashstream.image.CopyTransform;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.ImageRegions;
import io.hashstream.image.RgbImage;
import io.hashstream.inference.DefaultModel;
import io.hashstream.inference.EmbeddingExtractor;
import io.hashstream.model.HashCoderSession;
import io.hashstream.model.ModelArtifact;
import io.hashstream.trainer.CrovcaTrainer;
import io.hashstream.trainer.ModelCalibration;
import io.hashstream.trainer.TrainerOptions;
import io.hashstream.platform.MachineInfo;
import io.hashstream.trainer.baseline.EmbeddingHasher;
import io.hashstream.trainer.baseline.Itq;
import io.hashstream.trainer.baseline.Lsh;
import io.hashstream.trainer.baseline.PcaRotation;
import io.hashstream.trainer.baseline.PerceptualHash;
import io.hashstream.trainer.data.Npy;
import io.hashstream.trainer.data.TrainingSet;
import io.hashstream.trainer.views.PhotoList;
import io.hashstream.trainer.views.PhotoLoader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hashstream bench-quality}: hashing quality of CroVCA against LSH, PCA + random rotation,
 * ITQ and the float embedding (labelled retrieval, mAP@k, leave-one-out) and against pHash/dHash
 * (copy detection: recall per {@link CopyTransform.Family} at a false-match rate ≤ 1e-4, and
 * top-1). Writes {@code benchmarks/results/quality.json} and prints Markdown tables.
 *
 * <p><b>Protocol.</b> Every fourth photo of the photo list (index % {@code --holdout-every} = 0) is
 * held out. The retrieval CroVCA models (16/32/64 bits, the trainer's recipe with {@code
 * --epochs}, seed 0) are trained here on the unlabelled two-view rows of every {@code
 * --train-views} folder (tools/quality/run.sh passes augmented and copy-like views of the
 * labelled sets' own images, without labels, as the paper trains on the target set's images, and
 * copy-like views of the non-held-out photos). The baselines are fitted on view-1 rows of the same training rows
 * (post-processed with the same mean), so every method sees the same unlabelled data.
 *
 * <p><b>Copy detection.</b> Queries are every {@link CopyTransform} of each original (the photos
 * of {@code --copy-photos}, plus the held-out photos of {@code --photos} when given); the database
 * is the originals plus every labelled image as distractors. The headline CroVCA-64 is a
 * near-duplicate model ({@code --copy-model}, default the shipped default model) <em>as
 * shipped</em>, since the demo and new users run it uncalibrated; beside it the same model
 * calibrated ({@link ModelCalibration}) on the database's raw embeddings (no query), PCA-RR and
 * ITQ fitted on those rows, LSH, pHash, dHash, the float embedding, the fused detectors "CroVCA-64
 * OR each perceptual hash" at one shared false-match budget ({@link FusedOperatingPoint}; {@code
 * PerceptualSignal} is where PDQ and PDQ×8 plug in) and, with {@code --region-fraction}, CroVCA-64
 * with region codes ({@link ImageRegions}). Every method is reported overall, per family and per
 * transform at a false-match rate ≤ {@code --max-fmr}.
 *
 * <p>Cost: a few minutes on 2 cores, dominated by the encoder (one pass per image) and training.
 */
@Command(
    name = "bench-quality",
    mixinStandardHelpOptions = true,
    description = "Hashing quality: CroVCA vs LSH/PCA-RR/ITQ/float (mAP) and vs pHash/dHash (copy detection).")
public final class QualityBenchmark implements Callable<Integer> {
  private static final List<Integer> BITS = List.of(16, 32, 64);

  @Option(
      names = "--photos",
      description =
          "photo list (tools/default-model/photos.sh) whose held-out photos are copy originals too;"
              + " none when absent")
  Path photoList;

  @Option(
      names = "--copy-photos",
      description =
          "more photo lists (as --photos) whose photos are all copy-detection originals, never"
              + " trained on; repeatable")
  List<Path> copyPhotoLists = new ArrayList<>();

  @Option(names = "--holdout-every", defaultValue = "4", description = "hold out photos with index %% N == 0")
  int holdoutEvery;

  @Option(names = "--labelled", description = "NAME=LIST.tsv (label<TAB>path), repeatable")
  Map<String, Path> labelled = new LinkedHashMap<>();

  @Option(names = "--k", defaultValue = "100", description = "mAP cut-off (default ${DEFAULT-VALUE})")
  int k;

  @Option(names = "--fit-rows", defaultValue = "2000", description = "rows the PCA-based baselines are fitted on")
  int fitRows;

  @Option(names = "--max-fmr", defaultValue = "1e-4", description = "false-match budget")
  double maxFmr;

  @Option(names = "--epochs", defaultValue = "5", description = "CroVCA epochs (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(
      names = "--train-views",
      description =
          "extra unlabelled two-view folders (view1.npy, view2.npy) added to the training rows of"
              + " every method, repeatable: augmented views of the labelled sets' images (no"
              + " labels), copy-like views of the non-held-out photos; never of held-out photos")
  List<Path> trainViews = new ArrayList<>();

  @Option(
      names = "--copy-model",
      description =
          "the 64-bit model scored on copy detection, calibrated on the distractors first"
              + " (default: the shipped default model)")
  Path copyModelFile;

  @Option(
      names = "--region-fraction",
      defaultValue = "0",
      description =
          "also index the centre and four corner windows of this fraction of each side of every"
              + " database item as extra codes of it (CroVCA-64+regions); 0 = off")
  double regionFraction;

  @Option(
      names = "--copy-only",
      description =
          "score copy detection only: no training rows, no retrieval models, no mAP (the labelled"
              + " sets are only distractors); the result then has no retrieval section")
  boolean copyOnly;

  @Option(names = "--seed", defaultValue = "0", description = "seeds training and baselines")
  long seed;

  @Option(names = "--out", description = "result JSON (default benchmarks/results/quality.json)")
  Path out;

  /**
   * Runs the benchmark.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new QualityBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    long start = System.nanoTime();
    Path root = Path.of(System.getProperty("hashstream.repo.root", "."));
    Path output = out != null ? out : root.resolve("benchmarks/results/quality.json");
    List<Path> photos = photoList == null ? List.of() : PhotoList.read(photoList);

    // 1. training rows: the --train-views folders (never of a held-out photo)
    List<Integer> heldOut = new ArrayList<>();
    for (int p = 0; p < photos.size(); p += holdoutEvery) {
      heldOut.add(p);
    }
    TrainingSet train = null;
    if (!copyOnly) {
      List<float[]> t1 = new ArrayList<>();
      List<float[]> t2 = new ArrayList<>();
      addViews(trainViews, t1, t2);
      train = TrainingSet.twoViews(t1.toArray(float[][]::new), t2.toArray(float[][]::new));
      log("training rows: %d pairs from %d photos; %d photos held out",
          train.rows(), photos.size() - heldOut.size(), heldOut.size());
    }

    // 2. CroVCA at each length, and the baselines, on the same rows
    Path tmp = Files.createTempDirectory("bench-quality");
    Map<Integer, ModelArtifact> crovca = new LinkedHashMap<>();
    for (int bits : copyOnly ? List.<Integer>of() : BITS) {
      crovca.put(bits, train(train, bits, TrainerOptions.DEFAULT_CODING_RATE_WEIGHT, tmp, "retrieval"));
    }
    EmbeddingPostprocessor post = copyOnly ? null : crovca.get(64).postprocessor();
    Map<String, EmbeddingHasher> baselines =
        copyOnly ? Map.of() : baselines(train.view(0), post, BITS, fitRows, seed);
    ModelArtifact shipped = DefaultModel.load();
    ModelArtifact copyModel = copyModelFile == null ? shipped : ModelArtifact.read(copyModelFile);

    Map<String, Object> result = new LinkedHashMap<>();
    int distractorCount;
    int copyOriginals;
    ImageDecoder decoder = ImageDecoder.withDefaults();
    try (EmbeddingExtractor extractor =
        new EmbeddingExtractor(
            BundledEncoder.open(0), decoder, CenterCropPreprocessor.forBundledEncoder(), 32)) {
      // 3. labelled retrieval
      Map<String, Object> retrieval = new LinkedHashMap<>();
      Map<PerceptualHash, List<Long>> distractorPerceptual = new EnumMap<>(PerceptualHash.class);
      List<float[]> distractorRaw = new ArrayList<>();
      List<float[]> distractorRegions = new ArrayList<>();
      for (Map.Entry<String, Path> set : labelled.entrySet()) {
        LabelledImages images = LabelledImages.read(set.getKey(), set.getValue());
        LabelledImages.Decoded decodedSet = images.decode(decoder, why -> log("skipped %s", why));
        List<RgbImage> decoded = decodedSet.images();
        float[][] raw = extractor.embed(decoded);
        log("%s: %d images embedded", set.getKey(), raw.length);
        for (PerceptualHash ph : PerceptualHash.values()) {
          decoded.forEach(image -> distractorPerceptual.computeIfAbsent(ph, k -> new ArrayList<>()).add(ph.hash(image)));
        }
        distractorRaw.addAll(List.of(raw));
        decoded.forEach(image -> distractorRegions.addAll(regionsOf(extractor, image)));
        if (!copyOnly) {
          int[] y = decodedSet.labels();
          retrieval.put(
              set.getKey(), retrieval(raw, y, images.classNames().size(), post, crovca, shipped, baselines));
        }
      }
      if (!copyOnly) {
        result.put("retrieval_map_at_k", retrieval);
      }

      // 4. copy detection on held-out photos, distractors from the labelled sets. Queries are
      // embedded and perceptually hashed photo by photo, so only one photo's copies are in memory.
      List<Path> originals = new ArrayList<>();
      heldOut.forEach(p -> originals.add(photos.get(p)));
      for (Path list : copyPhotoLists) {
        originals.addAll(PhotoList.read(list));
      }
      PhotoLoader loader = new PhotoLoader(decoder, 512);
      List<CopyTransform> transforms = new ArrayList<>();
      List<Integer> sources = new ArrayList<>();
      List<float[]> originalRaw = new ArrayList<>();
      List<float[]> originalRegions = new ArrayList<>();
      List<float[]> queryRows = new ArrayList<>();
      Map<PerceptualHash, List<Long>> dbPerceptual = new EnumMap<>(PerceptualHash.class);
      Map<PerceptualHash, List<Long>> queryPerceptual = new EnumMap<>(PerceptualHash.class);
      int loaded = 0;
      for (Path file : originals) {
        RgbImage original;
        try {
          original = loader.load(file);
        } catch (RuntimeException e) {
          log("skipped copy-detection photo %s: %s", file, e.getMessage());
          continue;
        }
        List<RgbImage> copies = new ArrayList<>();
        for (CopyTransform t : CopyTransform.values()) {
          transforms.add(t);
          sources.add(loaded);
          copies.add(t.apply(original));
        }
        originalRaw.add(extractor.embed(List.of(original))[0]);
        originalRegions.addAll(regionsOf(extractor, original));
        queryRows.addAll(List.of(extractor.embed(copies)));
        for (PerceptualHash ph : PerceptualHash.values()) {
          dbPerceptual.computeIfAbsent(ph, k -> new ArrayList<>()).add(ph.hash(original));
          copies.forEach(c -> queryPerceptual.computeIfAbsent(ph, k -> new ArrayList<>()).add(ph.hash(c)));
        }
        if (++loaded % 50 == 0) {
          log("copy detection: %d of %d photos and their copies embedded", loaded, originals.size());
        }
      }
      float[][] dbRaw = concat(originalRaw.toArray(float[][]::new), distractorRaw);
      float[][] regionRaw = concat(originalRegions.toArray(float[][]::new), distractorRegions);
      float[][] queryRaw = queryRows.toArray(float[][]::new);
      List<PerceptualSignal> perceptual = new ArrayList<>();
      for (PerceptualHash ph : PerceptualHash.values()) {
        List<Long> db = new ArrayList<>(dbPerceptual.get(ph));
        db.addAll(distractorPerceptual.getOrDefault(ph, List.of()));
        perceptual.add(
            new PerceptualSignal(
                ph.name().toLowerCase(Locale.ROOT) + "-64",
                1,
                1,
                queryPerceptual.get(ph).stream().mapToLong(Long::longValue).toArray(),
                db.stream().mapToLong(Long::longValue).toArray()));
      }
      // Hook for PDQ (io.hashstream.pdq, not on this branch yet): add PerceptualSignal("pdq", 4,
      // 1, ...) and PerceptualSignal("pdq-x8", 4, 8, ...) from the same originals, distractors and
      // copies; the fused detector is then scored as "CroVCA-64 OR pdq-x8" below, like the others.
      copyOriginals = loaded;
      log("copy detection: %d queries, %d database items", queryRaw.length, dbRaw.length);
      // the copy-detection model and the baselines adapt to the searched corpus (the database:
      // originals and distractors) without labels, as an operator does with the corpus it
      // indexes: CroVCA by calibration (ModelCalibration), PCA-RR and ITQ by fitting, all three
      // (and the float cosine) centred on it. No query is used.
      float[][] corpus = dbRaw;
      distractorCount = distractorRaw.size();
      ModelArtifact calibrated =
          ModelCalibration.calibrate(copyModel, corpus, Clock.systemUTC().instant(), "bench-quality: on the database");
      EmbeddingPostprocessor corpusPost = calibrated.postprocessor();
      Map<String, ModelArtifact> crovcaModels = new LinkedHashMap<>();
      // the headline is the model as shipped: the demo and new users run it without calibration
      crovcaModels.put("CroVCA-64", copyModel);
      crovcaModels.put("CroVCA-64-calibrated", calibrated);
      if (!copyOnly) {
        crovcaModels.put("CroVCA-64-retrieval", crovca.get(64));
      }
      result.put(
          "copy_detection",
          copyDetection(
              transforms,
              sources.stream().mapToInt(Integer::intValue).toArray(),
              perceptual,
              dbRaw,
              regionRaw,
              queryRaw,
              corpusPost,
              crovcaModels,
              baselines(corpus, corpusPost, List.of(64), fitRows, seed)));
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("photos", photos.size());
    meta.put("held_out_photos", heldOut.size());
    meta.put("copy_detection_originals", copyOriginals);
    meta.put("copy_photo_lists", copyPhotoLists.stream().map(Path::toString).toList());
    meta.put("training_pairs", train == null ? 0 : train.rows());
    meta.put("crovca_epochs", epochs);
    meta.put("train_views", trainViews.stream().map(Path::toString).toList());
    meta.put("copy_model", copyModel.version().id());
    meta.put("copy_model_calibration_rows", copyOriginals + distractorCount);
    meta.put("distractors", distractorCount);
    meta.put("region_fraction", regionFraction);
    meta.put("k", k);
    meta.put("max_fmr", maxFmr);
    meta.put("shipped_default_model", shipped.version().id());
    meta.put("seconds", (System.nanoTime() - start) / 1e9);
    meta.put("load_average_1m_before", loadBefore);
    meta.put("load_average_1m_after", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    meta.put("machine", MachineInfo.describe());
    meta.put("date", Clock.systemUTC().instant().toString());
    result.put("meta", meta);
    Files.createDirectories(output.toAbsolutePath().getParent());
    Files.writeString(output, JsonUtils.GSON_PRETTY.toJson(result) + "\n");
    log("wrote %s", output);
    return 0;
  }

  private Map<String, Object> retrieval(
      float[][] raw,
      int[] labels,
      int classes,
      EmbeddingPostprocessor post,
      Map<Integer, ModelArtifact> crovca,
      ModelArtifact shipped,
      Map<String, EmbeddingHasher> baselines) {
    float[][] x = post.apply(raw);
    int n = x.length;
    Map<String, Object> scores = new LinkedHashMap<>();
    scores.put("images", n);
    scores.put("classes", classes);
    int[][] ranks = new int[n][];
    for (int q = 0; q < n; q++) {
      ranks[q] = Rankings.byCosine(x, x[q], q, k);
    }
    scores.put("float_cosine", MeanAveragePrecision.of(ranks, labels, labels, k));
    for (Map.Entry<Integer, ModelArtifact> e : crovca.entrySet()) {
      scores.put("CroVCA-" + e.getKey(), hammingMap(HashCoderSession.codesOfRaw(e.getValue(), raw), CodeLength.ofBits(e.getKey()), labels));
    }
    scores.put("CroVCA-64-shipped-default", hammingMap(HashCoderSession.codesOfRaw(shipped, raw), CodeLength.BITS_64, labels));
    for (Map.Entry<String, EmbeddingHasher> e : baselines.entrySet()) {
      scores.put(e.getKey(), hammingMap(e.getValue().codes(x), e.getValue().codeLength(), labels));
    }
    log("retrieval: %s", scores);
    return scores;
  }

  private double hammingMap(long[] codes, CodeLength length, int[] labels) {
    int n = labels.length;
    int[][] ranks = new int[n][];
    for (int q = 0; q < n; q++) {
      ranks[q] = Rankings.byHamming(length, codes, n, codes, q * length.words(), q, k);
    }
    return MeanAveragePrecision.of(ranks, labels, labels, k);
  }

  private Map<String, Object> copyDetection(
      List<CopyTransform> transforms,
      int[] sources,
      List<PerceptualSignal> perceptual,
      float[][] dbRaw,
      float[][] regionRaw,
      float[][] queryRaw,
      EmbeddingPostprocessor post,
      Map<String, ModelArtifact> crovcaModels,
      Map<String, EmbeddingHasher> baselines) {
    int m = dbRaw.length;
    Map<String, CopyDetection.PairDistance> methods = new LinkedHashMap<>();
    for (String name : crovcaModels.keySet()) {
      long[] cDb = HashCoderSession.codesOfRaw(crovcaModels.get(name), dbRaw);
      long[] cQ = HashCoderSession.codesOfRaw(crovcaModels.get(name), queryRaw);
      methods.put(name, (q, i) -> Hamming.distance(cQ[q], cDb[i]));
    }
    for (String name : List.of("ITQ-64", "PCA-RR-64", "LSH-64")) {
      long[] bDb = baselines.get(name).codes(post.apply(dbRaw));
      long[] bQ = baselines.get(name).codes(post.apply(queryRaw));
      methods.put(name, (q, i) -> Hamming.distance(bQ[q], bDb[i]));
    }
    perceptual.forEach(signal -> methods.put(signal.name(), signal::distance));
    float[][] fDb = post.apply(dbRaw);
    float[][] fQ = post.apply(queryRaw);
    methods.put("float_cosine", (q, i) -> 1 - Rankings.dot(fQ[q], fDb[i]));
    if (regionRaw.length > 0) {
      // each database item is indexed as 1 + ImageRegions.COUNT codes and matches a query when
      // any of them is within the radius: the item's distance is the nearest of its codes
      int per = ImageRegions.COUNT;
      long[] cDb = HashCoderSession.codesOfRaw(crovcaModels.get("CroVCA-64"), dbRaw);
      long[] cQ = HashCoderSession.codesOfRaw(crovcaModels.get("CroVCA-64"), queryRaw);
      long[] cR = HashCoderSession.codesOfRaw(crovcaModels.get("CroVCA-64"), regionRaw);
      methods.put(
          "CroVCA-64+regions",
          CopyDetection.nearestOfRegions(
              (q, i) -> Hamming.distance(cQ[q], cDb[i]), (q, r) -> Hamming.distance(cQ[q], cR[r]), per));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("queries", queryRaw.length);
    out.put("database", m);
    for (Map.Entry<String, CopyDetection.PairDistance> e : methods.entrySet()) {
      CopyDetection.Result r = CopyDetection.evaluate(transforms, sources, m, e.getValue(), maxFmr);
      Map<String, Object> s = scores(r);
      s.put("threshold", r.operatingPoint().threshold());
      s.put("measured_fmr", r.operatingPoint().falseMatchRate());
      s.put("negative_pairs", r.operatingPoint().negatives());
      out.put(e.getKey(), s);
      log("copy detection %s: %s", e.getKey(), s);
    }
    // the fused detector: the shipped CroVCA-64 OR each perceptual hash, radii sharing the budget
    long[] cDb = HashCoderSession.codesOfRaw(crovcaModels.get("CroVCA-64"), dbRaw);
    long[] cQ = HashCoderSession.codesOfRaw(crovcaModels.get("CroVCA-64"), queryRaw);
    FusedOperatingPoint.HammingDistance crovcaDistance = (q, i) -> Hamming.distance(cQ[q], cDb[i]);
    for (PerceptualSignal signal : perceptual) {
      FusedOperatingPoint point =
          FusedOperatingPoint.of(sources, m, crovcaDistance, 64, signal.asHamming(), signal.bits(), maxFmr);
      // the chosen radii as a 0/1 distance, so the per-family and per-transform tables come from
      // the same CopyDetection code as every other method (its threshold lands at 1: "fused = 0")
      CopyDetection.Result r =
          CopyDetection.evaluate(
              transforms,
              sources,
              m,
              (q, i) -> point.matches(crovcaDistance.distance(q, i), signal.distance(q, i)) ? 0 : 1,
              maxFmr);
      Map<String, Object> s = scores(r);
      s.put("recall", point.recall());
      s.put("crovca_radius", point.radiusA());
      s.put(signal.name() + "_radius", point.radiusB());
      s.put("measured_fmr", point.falseMatchRate());
      s.put("negative_pairs", point.negatives());
      String name = "CroVCA-64 OR " + signal.name();
      out.put(name, s);
      log("copy detection %s: %s", name, s);
    }
    return out;
  }

  /** The regions' raw embeddings of one database image, none when regions are off. */
  private List<float[]> regionsOf(EmbeddingExtractor extractor, RgbImage image) {
    if (regionFraction <= 0) {
      return List.of();
    }
    return List.of(extractor.embed(new ImageRegions(regionFraction).of(image)));
  }

  private static Map<String, Object> scores(CopyDetection.Result r) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("recall", r.recall());
    s.put("top1", r.top1());
    s.put("recall_by_family", r.recallByFamily());
    s.put("recall_by_transform", r.recallByTransform());
    s.put("top1_by_family", r.top1ByFamily());
    return s;
  }

  private ModelArtifact train(TrainingSet rows, int bits, double codingRateWeight, Path dir, String purpose) {
    TrainerOptions options =
        TrainerOptions.builder()
            .output(dir.resolve("crovca-" + bits + "-" + purpose.replace(' ', '-') + ".hsm"))
            .encoderId(BundledEncoder.ENCODER_ID)
            .bits(bits)
            .epochs(epochs)
            .codingRateWeight(codingRateWeight)
            .seed(seed)
            .command("bench-quality (" + purpose + ", held-out training, " + bits + " bits)")
            .progressEverySteps(1000)
            .build();
    return new CrovcaTrainer(Clock.systemUTC(), QualityBenchmark::log).run(options, rows).artifact();
  }

  /**
   * LSH, PCA-RR and ITQ at each length ({@code "LSH-64"}, {@code "PCA-RR-64"}, {@code "ITQ-64"}, in
   * that order per length), fitted on at most {@code fitRows} of the raw rows, evenly spaced,
   * post-processed like CroVCA's input. {@code CrovcaExperiments run} fits its baselines here too,
   * so both score the same methods.
   */
  public static Map<String, EmbeddingHasher> baselines(
      float[][] raw, EmbeddingPostprocessor post, List<Integer> lengths, int fitRows, long seed) {
    float[][] fit = post.apply(stride(raw, fitRows));
    Map<String, EmbeddingHasher> baselines = new LinkedHashMap<>();
    for (int bits : lengths) {
      CodeLength length = CodeLength.ofBits(bits);
      baselines.put("LSH-" + bits, Lsh.create(post.dimension(), length, seed));
      baselines.put("PCA-RR-" + bits, PcaRotation.fit(fit, length, seed));
      baselines.put("ITQ-" + bits, Itq.fit(fit, length, Itq.DEFAULT_ITERATIONS, seed));
      log("baselines fitted at %d bits", bits);
    }
    return baselines;
  }

  private static void addViews(List<Path> dirs, List<float[]> first, List<float[]> second) throws IOException {
    for (Path dir : dirs) {
      float[][] e1 = Npy.readFloatMatrix(dir.resolve("view1.npy"));
      float[][] e2 = Npy.readFloatMatrix(dir.resolve("view2.npy"));
      first.addAll(List.of(e1));
      second.addAll(List.of(e2));
      log("training rows: %d pairs from %s", e1.length, dir);
    }
  }

  private static float[][] stride(float[][] rows, int max) {
    if (rows.length <= max) {
      return rows;
    }
    float[][] out = new float[max][];
    for (int i = 0; i < max; i++) {
      out[i] = rows[(int) ((long) i * rows.length / max)];
    }
    return out;
  }

  private static float[][] concat(float[][] a, List<float[]> b) {
    List<float[]> all = new ArrayList<>(List.of(a));
    all.addAll(b);
    return all.toArray(float[][]::new);
  }

  private static void log(String format, Object... args) {
    System.err.println(String.format(Locale.ROOT, format, args));
  }

  private static void log(String line) {
    System.err.println(line);
  }

}
