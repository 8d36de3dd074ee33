package io.hashstream.bench.platform;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.platform.PlatformConfig;
import io.hashstream.platform.MachineInfo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hashstream.schemas.EmbeddingVectors;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.schemas.registry.SchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hashstream bench-platform}: how long the embedded platform takes to start, and how many
 * records per second the wire codec turns into frames and back (one thread), next to plain Avro
 * binary without the registry framing, measured in the same run. Writes {@code
 * benchmarks/results/platform.json}.
 */
@Command(
    name = "bench-platform",
    mixinStandardHelpOptions = true,
    description = "Measures platform start-up and wire-codec throughput; writes a JSON report.")
public final class PlatformBenchmark implements Callable<Integer> {

  @Option(names = "--starts", description = "platform starts to time (default: ${DEFAULT-VALUE})")
  int starts = 3;

  @Option(names = "--seconds", description = "measuring time per codec case (default: ${DEFAULT-VALUE})")
  int seconds = 5;

  @Option(names = "--out", description = "report file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("benchmarks/results/platform.json");

  public static void main(String[] args) {
    System.exit(new CommandLine(new PlatformBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    List<Double> startSeconds = new ArrayList<>();
    Map<String, Object> codec = new LinkedHashMap<>();
    for (int i = 1; i <= starts; i++) {
      System.out.printf("start %d/%d ...%n", i, starts);
      try (EmbeddedPlatform platform = EmbeddedPlatform.start(PlatformConfig.ephemeral())) {
        startSeconds.add(platform.startupTime().toMillis() / 1000.0);
        System.out.printf("  ready in %.2f s%n", startSeconds.get(startSeconds.size() - 1));
        if (i == starts) {
          codec = measureCodec(platform.schemaRegistry());
        }
      }
    }
    double[] sorted = startSeconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "platform");
    report.put("date", Instant.now().toString());
    report.put("command", "./hashstream bench-platform --starts " + starts + " --seconds " + seconds);
    report.put("machine", MachineInfo.describe());
    report.put("platform_startup_seconds", sorted[sorted.length / 2]);
    report.put("platform_startup_seconds_runs", startSeconds);
    report.put("codec_records_per_second", ((Map<?, ?>) codec.get("image_event_embedding_1792")).get("codec_records_per_second"));
    report.put("codec", codec);
    Files.createDirectories(out.toAbsolutePath().getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
    System.out.println("wrote " + out);
    return 0;
  }

  private Map<String, Object> measureCodec(SchemaRegistry registry) {
    Random random = new Random(42);
    float[] vector = new float[1792];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = random.nextFloat();
    }
    byte[] jpeg = new byte[50_000];
    random.nextBytes(jpeg);
    Instant t = Instant.parse("2026-11-28T12:00:00Z");
    ImageEvent withEmbedding =
        ImageEvent.newBuilder().setImageId("img-1").setTenant("t").setUploadedAt(t)
            .setEmbedding(EmbeddingVectors.of("e@1", vector))
            .build();
    ImageEvent withImage =
        ImageEvent.newBuilder().setImageId("img-2").setTenant("t").setUploadedAt(t)
            .setContentType("image/jpeg").setImageBytes(ByteBuffer.wrap(jpeg)).build();
    NearDuplicate match =
        NearDuplicate.newBuilder().setTenant("t").setQueryId("img-2").setMatchId("img-1")
            .setDistance(3).setBits(64).setModelVersion("v1").setQueryUploadedAt(t)
            .setMatchUploadedAt(t).setDetectedAt(t).build();
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("image_event_embedding_1792", measure(registry, withEmbedding, Topic.IMAGES));
    results.put("image_event_jpeg_50kb", measure(registry, withImage, Topic.IMAGES));
    results.put("near_duplicate", measure(registry, match, Topic.NEAR_DUPLICATES));
    return results;
  }

  @SuppressWarnings("unchecked")
  private <T extends SpecificRecord> Map<String, Object> measure(
      SchemaRegistry registry, T record, Topic topic) {
    Class<T> type = (Class<T>) record.getClass();
    RegistryAvroCodec<T> codec = new RegistryAvroCodec<>(registry, type);
    byte[] frame = codec.encode(topic.valueSubject(), record);
    codec.decode(frame); // fetch and cache the writer schema before timing
    SpecificData model = SpecificData.getForClass(type);
    SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(record.getSchema(), model);
    SpecificDatumReader<T> reader = new SpecificDatumReader<>(record.getSchema(), record.getSchema(), model);

    Callable<Object> framed = () -> codec.decode(codec.encode(topic.valueSubject(), record));
    Callable<Object> plain =
        () -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream(256);
          BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
          writer.write(record, encoder);
          return reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        };
    // alternate the two a few times so that neither gets all the quiet moments of a noisy machine
    double[] framedRates = new double[3];
    double[] plainRates = new double[3];
    for (int round = 0; round < 3; round++) {
      framedRates[round] = rate(framed, Duration.ofMillis(seconds * 1000L / 3));
      plainRates[round] = rate(plain, Duration.ofMillis(seconds * 1000L / 3));
    }
    Arrays.sort(framedRates);
    Arrays.sort(plainRates);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("frame_bytes", frame.length);
    result.put("codec_records_per_second", Math.round(framedRates[1]));
    result.put("plain_avro_records_per_second", Math.round(plainRates[1]));
    result.put("ratio_to_plain_avro", Math.round(framedRates[1] / plainRates[1] * 1000) / 1000.0);
    System.out.printf(
        "  %-30s %,10d records/s round trip (plain Avro %,d; ratio %.2f)%n",
        type.getSimpleName() + " " + frame.length + " B",
        Math.round(framedRates[1]), Math.round(plainRates[1]), framedRates[1] / plainRates[1]);
    return result;
  }

  /** Round trips per second of {@code op} over {@code window}, after a warm-up of the same length. */
  private static double rate(Callable<Object> op, Duration window) {
    try {
      for (int pass = 0; pass < 2; pass++) {
        long n = 0;
        long start = System.nanoTime();
        long end = start + window.toNanos();
        Object sink = null;
        while (System.nanoTime() < end) {
          for (int i = 0; i < 64; i++) {
            sink = op.call();
          }
          n += 64;
        }
        if (sink == null) {
          throw new IllegalStateException("no result");
        }
        if (pass == 1) {
          return n / ((System.nanoTime() - start) / 1e9);
        }
      }
      throw new IllegalStateException("unreachable");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
