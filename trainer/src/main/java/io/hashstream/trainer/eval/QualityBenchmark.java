package io.hashstream.trainer.eval;

import ai.djl.util.JsonUtils;
import io.hashstream.code.CodeLength;
import io.hashstream.code.Hamming;
import io.hashstream.encoder.BundledEncoder;
import io.hashstream.encoder.EmbeddingPostprocessor;
import io.hashstream.image.CenterCropPreprocessor;
import io.hashstream.image.CopyTransform;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.RgbImage;
import io.hashstream.inference.DefaultModel;
import io.hashstream.inference.EmbeddingExtractor;
import io.hashstream.model.HashCoderSession;
import io.hashstream.model.ModelArtifact;
import io.hashstream.trainer.CrovcaTrainer;
import io.hashstream.trainer.TrainerOptions;
import io.hashstream.trainer.MachineDescription;
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
 * held out. The evaluation CroVCA models (16/32/64 bits, the trainer's recipe with {@code
 * --epochs}, seed 0) are trained here on unlabelled two-view rows: the first {@code
 * --photo-pairs-used} pairs of each other photo ({@code --views}, rows photo-major, {@code
 * --pairs-per-photo} per photo, as {@code extract-views} writes them) plus every {@code
 * --train-views} folder (tools/quality/run.sh passes augmented views of the labelled sets' own
 * images, without labels, as the paper trains on the target set's images, and copy-like views of
 * the non-held-out photos). The baselines are fitted on view-1 rows of the same training rows
 * (post-processed with the same mean), so every method sees the same unlabelled data. Copy detection queries are the 19 transforms of each
 * held-out photo; the database is the held-out originals plus every labelled image as distractors.
 * The shipped default model (trained on all photos) is reported beside them for retrieval only.
 *
 * <p>Cost: a few minutes on 2 cores, dominated by the encoder (one pass per image) and training.
 */
@Command(
    name = "bench-quality",
    mixinStandardHelpOptions = true,
    description = "Hashing quality: CroVCA vs LSH/PCA-RR/ITQ/float (mAP) and vs pHash/dHash (copy detection).")
public final class QualityBenchmark implements Callable<Integer> {
  private static final List<Integer> BITS = List.of(16, 32, 64);

  @Option(names = "--photos", required = true, description = "photo list (tools/default-model/photos.sh)")
  Path photoList;

  @Option(names = "--views", required = true, description = "folder with view1.npy, view2.npy of those photos")
  Path views;

  @Option(names = "--pairs-per-photo", required = true, description = "rows per photo in the view files")
  int pairsPerPhoto;

  @Option(names = "--holdout-every", defaultValue = "4", description = "hold out photos with index % N == 0")
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
      names = "--photo-pairs-used",
      defaultValue = "-1",
      description = "pairs of each non-held-out photo (from --views) in the training rows; -1 = all, 0 = none")
  int photoPairsUsed;

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
    List<Path> photos = PhotoList.read(photoList);

    // 1. training rows: photos that are not held out
    float[][] view1 = Npy.readFloatMatrix(views.resolve("view1.npy"));
    float[][] view2 = Npy.readFloatMatrix(views.resolve("view2.npy"));
    if (view1.length != photos.size() * pairsPerPhoto) {
      throw new IllegalArgumentException(
          view1.length + " view rows for " + photos.size() + " photos x " + pairsPerPhoto);
    }
    List<float[]> t1 = new ArrayList<>();
    List<float[]> t2 = new ArrayList<>();
    List<Integer> heldOut = new ArrayList<>();
    for (int p = 0; p < photos.size(); p++) {
      if (p % holdoutEvery == 0) {
        heldOut.add(p);
        continue;
      }
      int used = photoPairsUsed < 0 ? pairsPerPhoto : Math.min(photoPairsUsed, pairsPerPhoto);
      for (int r = p * pairsPerPhoto; r < p * pairsPerPhoto + used; r++) {
        t1.add(view1[r]);
        t2.add(view2[r]);
      }
    }
    for (Path dir : trainViews) {
      float[][] e1 = Npy.readFloatMatrix(dir.resolve("view1.npy"));
      float[][] e2 = Npy.readFloatMatrix(dir.resolve("view2.npy"));
      t1.addAll(List.of(e1));
      t2.addAll(List.of(e2));
      log("training rows: %d pairs from %s", e1.length, dir);
    }
    TrainingSet train =
        TrainingSet.twoViews(t1.toArray(float[][]::new), t2.toArray(float[][]::new));
    log("training rows: %d pairs from %d photos; %d photos held out",
        train.rows(), photos.size() - heldOut.size(), heldOut.size());

    // 2. CroVCA at each length, and the baselines, on the same rows
    Map<Integer, ModelArtifact> crovca = new LinkedHashMap<>();
    Path tmp = Files.createTempDirectory("bench-quality");
    for (int bits : BITS) {
      TrainerOptions options =
          TrainerOptions.builder()
              .output(tmp.resolve("crovca-" + bits + ".hsm"))
              .encoderId(BundledEncoder.ENCODER_ID)
              .bits(bits)
              .epochs(epochs)
              .seed(seed)
              .command("bench-quality (held-out training, " + bits + " bits)")
              .progressEverySteps(1000)
              .build();
      crovca.put(bits, new CrovcaTrainer(Clock.systemUTC(), QualityBenchmark::log).run(options, train).artifact());
    }
    EmbeddingPostprocessor post = crovca.get(64).postprocessor();
    float[][] fit = post.apply(stride(train.view(0), fitRows));
    Map<String, EmbeddingHasher> baselines = new LinkedHashMap<>();
    for (int bits : BITS) {
      CodeLength length = CodeLength.ofBits(bits);
      baselines.put("LSH-" + bits, Lsh.create(post.dimension(), length, seed));
      baselines.put("PCA-RR-" + bits, PcaRotation.fit(fit, length, seed));
      baselines.put("ITQ-" + bits, Itq.fit(fit, length, Itq.DEFAULT_ITERATIONS, seed));
      log("baselines fitted at %d bits", bits);
    }
    ModelArtifact shipped = DefaultModel.load();

    Map<String, Object> result = new LinkedHashMap<>();
    ImageDecoder decoder = ImageDecoder.withDefaults();
    try (EmbeddingExtractor extractor =
        new EmbeddingExtractor(
            BundledEncoder.open(0), decoder, CenterCropPreprocessor.forBundledEncoder(), 32)) {
      // 3. labelled retrieval
      Map<String, Object> retrieval = new LinkedHashMap<>();
      List<RgbImage> distractors = new ArrayList<>();
      List<float[]> distractorRaw = new ArrayList<>();
      for (Map.Entry<String, Path> set : labelled.entrySet()) {
        LabelledImages images = LabelledImages.read(set.getKey(), set.getValue());
        LabelledImages.Decoded decodedSet = images.decode(decoder, why -> log("skipped %s", why));
        List<RgbImage> decoded = decodedSet.images();
        float[][] raw = extractor.embed(decoded);
        log("%s: %d images embedded", set.getKey(), raw.length);
        distractors.addAll(decoded);
        distractorRaw.addAll(List.of(raw));
        int[] y = decodedSet.labels();
        retrieval.put(
            set.getKey(), retrieval(raw, y, images.classNames().size(), post, crovca, shipped, baselines));
      }
      result.put("retrieval_map_at_k", retrieval);

      // 4. copy detection on held-out photos, distractors from the labelled sets
      PhotoLoader loader = new PhotoLoader(decoder, 512);
      List<RgbImage> database = new ArrayList<>();
      for (int p : heldOut) {
        database.add(loader.load(photos.get(p)));
      }
      List<CopyTransform> transforms = new ArrayList<>();
      List<RgbImage> queries = new ArrayList<>();
      List<Integer> sources = new ArrayList<>();
      for (int i = 0; i < database.size(); i++) {
        for (CopyTransform t : CopyTransform.values()) {
          transforms.add(t);
          queries.add(t.apply(database.get(i)));
          sources.add(i);
        }
      }
      float[][] dbRaw = concat(extractor.embed(database), distractorRaw);
      database.addAll(distractors);
      float[][] queryRaw = extractor.embed(queries);
      log("copy detection: %d queries, %d database items", queries.size(), database.size());
      result.put(
          "copy_detection",
          copyDetection(
              transforms,
              sources.stream().mapToInt(Integer::intValue).toArray(),
              database,
              queries,
              dbRaw,
              queryRaw,
              post,
              crovca.get(64),
              baselines));
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("photos", photos.size());
    meta.put("held_out_photos", heldOut.size());
    meta.put("training_pairs", train.rows());
    meta.put("crovca_epochs", epochs);
    meta.put("photo_pairs_used", photoPairsUsed < 0 ? pairsPerPhoto : Math.min(photoPairsUsed, pairsPerPhoto));
    meta.put("train_views", trainViews.stream().map(Path::toString).toList());
    meta.put("k", k);
    meta.put("max_fmr", maxFmr);
    meta.put("shipped_default_model", shipped.version().id());
    meta.put("seconds", (System.nanoTime() - start) / 1e9);
    meta.put("load_average_1m_before", loadBefore);
    meta.put("load_average_1m_after", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    meta.put("machine", MachineDescription.describe());
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
      List<RgbImage> database,
      List<RgbImage> queries,
      float[][] dbRaw,
      float[][] queryRaw,
      EmbeddingPostprocessor post,
      ModelArtifact crovca64,
      Map<String, EmbeddingHasher> baselines) {
    int m = database.size();
    Map<String, CopyDetection.PairDistance> methods = new LinkedHashMap<>();
    long[] cDb = HashCoderSession.codesOfRaw(crovca64, dbRaw);
    long[] cQ = HashCoderSession.codesOfRaw(crovca64, queryRaw);
    methods.put("CroVCA-64", (q, i) -> Hamming.distance(cQ[q], cDb[i]));
    for (String name : List.of("ITQ-64", "PCA-RR-64", "LSH-64")) {
      long[] bDb = baselines.get(name).codes(post.apply(dbRaw));
      long[] bQ = baselines.get(name).codes(post.apply(queryRaw));
      methods.put(name, (q, i) -> Hamming.distance(bQ[q], bDb[i]));
    }
    for (PerceptualHash ph : PerceptualHash.values()) {
      long[] pDb = database.stream().mapToLong(ph::hash).toArray();
      long[] pQ = queries.stream().mapToLong(ph::hash).toArray();
      methods.put(ph.name().toLowerCase(Locale.ROOT) + "-64", (q, i) -> Hamming.distance(pQ[q], pDb[i]));
    }
    float[][] fDb = post.apply(dbRaw);
    float[][] fQ = post.apply(queryRaw);
    methods.put("float_cosine", (q, i) -> 1 - Rankings.dot(fQ[q], fDb[i]));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("queries", queries.size());
    out.put("database", m);
    for (Map.Entry<String, CopyDetection.PairDistance> e : methods.entrySet()) {
      CopyDetection.Result r = CopyDetection.evaluate(transforms, sources, m, e.getValue(), maxFmr);
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("threshold", r.operatingPoint().threshold());
      s.put("measured_fmr", r.operatingPoint().falseMatchRate());
      s.put("negative_pairs", r.operatingPoint().negatives());
      s.put("recall", r.recall());
      s.put("top1", r.top1());
      s.put("recall_by_family", r.recallByFamily());
      s.put("top1_by_family", r.top1ByFamily());
      out.put(e.getKey(), s);
      log("copy detection %s: %s", e.getKey(), s);
    }
    return out;
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
