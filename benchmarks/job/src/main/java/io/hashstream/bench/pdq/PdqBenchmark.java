package io.hashstream.bench.pdq;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hashstream.encoder.BundledEncoder;
import io.hashstream.encoder.OnnxImageEncoder;
import io.hashstream.image.CenterCropPreprocessor;
import io.hashstream.image.ImageDecodeException;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.RgbImage;
import io.hashstream.pdq.PdqHasher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PDQ throughput on one thread, beside the bundled encoder's: hashing an already decoded image
 * ({@link PdqHasher#hash}, and {@link PdqHasher#hashDihedral} for all eight variants), decoding
 * alone, and decode plus hash from JPEG bytes (the streaming path: {@link ImageDecoder}, then the
 * hash), on three JPEGs of the PDQ parity fixture (1600×1004, 512×512 and 160×100). The bundled
 * encoder (preprocessing plus one ONNX inference, batch 1, one intra-op thread) runs on the same
 * decoded images in the same run. Before timing, the hash of the large photo is checked against the
 * reference implementation's value, and the parity with the reference over the whole fixture is
 * reported ({@code pdq_parity}, see {@link PdqParity}).
 *
 * <p>Writes {@code benchmarks/results/pdq.json} (relative to the working directory; run from the
 * repository root) with images per second and milliseconds per image for each task and size. Each
 * figure is the median of 5 one-second rounds after 2 warm-up rounds ({@code --quick}: 1 and 1 of
 * 0.2 s, written to {@code pdq-quick.json}); {@code --no-encoder} skips the ONNX model. Timings are
 * noisy on a shared 2-core machine.
 */
public final class PdqBenchmark {
  /** The PDQ hash the reference implementation gives {@link #IMAGES}' first image. */
  static final String BRIDGE_HEX =
      "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

  /** Classpath resources (core's test-jar), largest first. */
  static final List<String> IMAGES =
      List.of(
          "/pdq-parity/images/dih/bridge-1-original.jpg",
          "/pdq-parity/images/bridge-mods/square-512x512.jpg",
          "/pdq-parity/images/bridge-mods/shrink-a-lot.jpg");

  private final Throughput throughput;
  private final boolean withEncoder;
  private final ImageDecoder decoder = ImageDecoder.withDefaults();
  private final PdqHasher hasher = new PdqHasher();

  PdqBenchmark(Throughput throughput, boolean withEncoder) {
    this.throughput = throughput;
    this.withEncoder = withEncoder;
  }

  /**
   * Runs the benchmark and writes the report.
   *
   * @param args {@code --quick}, {@code --no-encoder}
   * @throws IOException if the report cannot be written
   */
  public static void main(String[] args) throws IOException {
    List<String> flags = List.of(args);
    boolean quick = flags.contains("--quick");
    Throughput throughput =
        quick
            ? new Throughput(Duration.ofMillis(200), 1, 1)
            : new Throughput(Duration.ofSeconds(1), 2, 5);
    ZonedDateTime started = ZonedDateTime.now(Clock.systemUTC());
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("machine", machine());
    report.put("date", started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    // the main class and its flags, not the JVM's whole class path
    report.put("command", (PdqBenchmark.class.getName() + " " + String.join(" ", args)).strip());
    report.put("load_average_at_start", loadAverage());
    report.put(
        "method",
        "one thread; median of "
            + (quick ? "1 round of 0.2 s after 1 warm-up" : "5 rounds of 1 s after 2 warm-up")
            + " rounds; images decoded by ImageDecoder (TwelveMonkeys JPEG)");
    report.put("pdq_parity", PdqParity.measure());
    report.putAll(new PdqBenchmark(throughput, !flags.contains("--no-encoder")).run());
    report.put(
        "wall_seconds",
        Duration.between(started, ZonedDateTime.now(Clock.systemUTC())).toSeconds());
    Path out = Path.of("benchmarks", "results", quick ? "pdq-quick.json" : "pdq.json");
    Files.createDirectories(out.getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
    System.out.println("wrote " + out.toAbsolutePath() + " (sink " + throughput.sink() + ")");
  }

  /** Measures every task on every image; keys are {@code <task>.<width>x<height>.<unit>}. */
  Map<String, Object> run() {
    Map<String, Object> results = new LinkedHashMap<>();
    List<byte[]> files = IMAGES.stream().map(PdqBenchmark::resource).toList();
    RgbImage first = decode(files.get(0));
    String hex = hasher.hash(first).hex();
    if (!hex.equals(BRIDGE_HEX)) {
      throw new IllegalStateException(
          "PDQ of " + IMAGES.get(0) + " is " + hex + ", not the reference's");
    }
    for (byte[] file : files) {
      RgbImage image = decode(file);
      String size = image.width() + "x" + image.height();
      put(results, "pdq_hash." + size, throughput.perSecond(() -> hasher.hash(image).quality()));
      put(
          results,
          "pdq_hash_dihedral." + size,
          throughput.perSecond(() -> hasher.hashDihedral(image).quality()));
      put(results, "decode." + size, throughput.perSecond(() -> decode(file).width()));
      put(
          results,
          "decode_and_pdq_hash." + size,
          throughput.perSecond(() -> hasher.hash(decode(file)).quality()));
    }
    if (withEncoder) {
      encoder(results, files);
    }
    return results;
  }

  private void encoder(Map<String, Object> results, List<byte[]> files) {
    CenterCropPreprocessor preprocessor = CenterCropPreprocessor.forBundledEncoder();
    try (OnnxImageEncoder encoder = BundledEncoder.open(1)) {
      for (byte[] file : files.subList(0, 2)) {
        RgbImage image = decode(file);
        String size = image.width() + "x" + image.height();
        put(
            results,
            "bundled_encoder_1_thread." + size,
            throughput.perSecond(() -> encoder.encode(preprocessor.preprocess(image), 1).length));
      }
    }
  }

  private static void put(Map<String, Object> results, String key, double perSecond) {
    results.put(key + ".images_per_second", round(perSecond, 1));
    results.put(key + ".ms_per_image", round(1000 / perSecond, 3));
    System.out.printf(
        Locale.ROOT, "%-42s %10.1f images/s %9.3f ms%n", key, perSecond, 1000 / perSecond);
  }

  private RgbImage decode(byte[] file) {
    try {
      return decoder.decode(file);
    } catch (ImageDecodeException e) {
      throw new IllegalStateException("benchmark image did not decode", e);
    }
  }

  private static byte[] resource(String path) {
    try (InputStream in = PdqBenchmark.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is not on the class path (core's test-jar)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(path, e);
    }
  }

  private static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }

  /** The 1, 5 and 15 minute load averages: how shared the machine was. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      cpu = cpu + " (" + e.getMessage() + ")";
    }
    return String.format(
        Locale.ROOT,
        "nproc %d, %s, %s %s",
        Runtime.getRuntime().availableProcessors(),
        cpu,
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
  }
}
