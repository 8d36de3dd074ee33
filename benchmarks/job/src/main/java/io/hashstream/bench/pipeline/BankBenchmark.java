package io.hashstream.bench.pipeline;

import io.hashstream.bank.BankIndex;
import io.hashstream.code.CodeLength;
import io.hashstream.code.HexCodes;
import io.hashstream.demo.DemoPhotos;
import io.hashstream.encoder.BundledEncoder;
import io.hashstream.flink.model.LoadedModel;
import io.hashstream.flink.model.ModelCatalog;
import io.hashstream.flink.model.ModelReference;
import io.hashstream.image.CopyTransform;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.ImageFileWriter;
import io.hashstream.inference.EncodedImage;
import io.hashstream.inference.ImageResult;
import io.hashstream.inference.SignalExtractor;
import io.hashstream.pdq.PdqDihedralHashes;
import io.hashstream.pdq.PdqHits;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.platform.MachineInfo;
import io.hashstream.platform.PlatformConfig;
import io.hashstream.schemas.BankKeys;
import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.BankSignal;
import io.hashstream.schemas.EmbeddingVectors;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.MatchSignal;
import io.hashstream.schemas.Verdict;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.trainer.bank.BankImporter;
import io.hashstream.trainer.bank.BankTopic;
import io.hashstream.trainer.bank.ExchangeFormat;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hashstream bench-banks}: banks of PDQ hashes at scale.
 *
 * <ol>
 *   <li><b>index</b> (1M and 10M entries): the bank matcher's index ({@link BankIndex}) driven
 *       directly, as the job holds it: entries split over two halves (two matcher subtasks), every
 *       query searched in both. Bytes per entry ({@code estimatedFootprintBytes}, and the heap
 *       measured after a GC); look-ups per second with two threads (one per half, both cores),
 *       with the upload's eight rotations/flips and with the original hash only. Planted near-copies
 *       must be found (exactness itself is tested against brute force in the unit tests).
 *   <li><b>job</b> (1M entries): the real job on the embedded platform. {@code hashstream bank
 *       import}'s rate, and the rate until the job had applied every entry (its source's committed
 *       offsets at the end of the topic); the matcher's time per look-up of real image uploads
 *       (its {@code bankQueryCpuMicros} histogram, CPU time); the checkpoint sizes with the bank loaded; and
 *       removal: a bank entry matched by a stream of uploads (one every 20 ms), removed, and the
 *       time from the tombstone's write until uploads stopped matching, over several removals.
 * </ol>
 */
@Command(name = "bench-banks", mixinStandardHelpOptions = true,
    description = "Measure banks of PDQ hashes: look-ups/s, bytes per entry, import rate, removal"
        + " time; writes benchmarks/results/banks.json")
public final class BankBenchmark implements Callable<Integer> {
  @Option(names = "--sizes", split = ",", defaultValue = "1000000,10000000",
      description = "bank sizes of the index phase")
  List<Integer> sizes;

  @Option(names = "--queries", defaultValue = "400", description = "look-ups per size")
  int queries;

  @Option(names = "--job-entries", defaultValue = "1000000", description = "bank size of the job phase")
  int jobEntries;

  @Option(names = "--removals", defaultValue = "20", description = "removals timed in the job phase")
  int removals;

  @Option(names = "--phases", split = ",", defaultValue = "index,job",
      description = "index, job, compression")
  List<String> phases;

  @Option(names = "--out", defaultValue = "benchmarks/results/banks.json") Path out;

  @Option(names = "--work", description = "scratch directory (default: a temporary one)") Path work;

  private final Map<String, Object> report = new LinkedHashMap<>();
  private final long startNanos = System.nanoTime();

  public static void main(String[] args) {
    System.exit(new CommandLine(new BankBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (Files.exists(out)) {
      // a run of some phases keeps the figures of the others from an earlier run
      @SuppressWarnings("unchecked")
      Map<String, Object> earlier = new com.fasterxml.jackson.databind.ObjectMapper()
          .readValue(out.toFile(), LinkedHashMap.class);
      report.putAll(earlier);
    }
    report.put("command", "./hashstream bench-banks " + String.join(" ", commandLine()));
    report.put("date", Instant.now().toString());
    report.put("machine", MachineInfo.describe());
    report.put("load_average_1m_at_start", ProgressLog.loadAverage());
    if (work == null) {
      work = Files.createTempDirectory("bench-banks");
    }
    if (phases.contains("index")) {
      Map<String, Object> lookups = new LinkedHashMap<>();
      Map<String, Object> lookupsOriginal = new LinkedHashMap<>();
      Map<String, Object> bytes = new LinkedHashMap<>();
      Map<String, Object> details = new LinkedHashMap<>();
      report.put("lookups_per_second", lookups);
      report.put("lookups_per_second_original_only", lookupsOriginal);
      report.put("bytes_per_entry", bytes);
      report.put("index_phase", details);
      for (int n : sizes) {
        Map<String, Object> r = indexPhase(n);
        String key = label(n);
        lookups.put(key, r.get("lookups_per_second_8_variants"));
        lookupsOriginal.put(key, r.get("lookups_per_second_original_only"));
        bytes.put(key, r.get("bytes_per_entry_estimated"));
        details.put(key, r);
        save();
      }
    }
    if (phases.contains("job")) {
      jobPhase();
    }
    if (phases.contains("compression")) {
      report.put("output_compression", compressionPhase());
      save();
    }
    report.put("load_average_1m_at_end", ProgressLog.loadAverage());
    report.put("seconds", round(elapsed(), 1));
    save();
    return 0;
  }

  // ---- index phase ----------------------------------------------------------------------------

  private Map<String, Object> indexPhase(int n) throws Exception {
    log("index phase: %s entries", label(n));
    Map<String, Object> r = new LinkedHashMap<>();
    SplittableRandom random = new SplittableRandom(n);
    long[] hashes = new long[n * 4];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = random.nextLong();
    }
    long heapBefore = usedHeapAfterGc();
    long t0 = System.nanoTime();
    BankIndex[] halves = {new BankIndex(), new BankIndex()};
    for (int i = 0; i < n; i++) {
      halves[i & 1].addPdq(i, hashes, i * 4);
    }
    for (BankIndex h : halves) {
      h.compact();
    }
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    long heapAfter = usedHeapAfterGc();
    long estimated = halves[0].estimatedFootprintBytes() + halves[1].estimatedFootprintBytes();
    r.put("entries", n);
    r.put("substrings", BankIndex.PDQ_SUBSTRINGS);
    r.put("load_seconds", round(loadSeconds, 1));
    r.put("load_entries_per_second", Math.round(n / loadSeconds));
    r.put("bytes_per_entry_estimated", round((double) estimated / n, 1));
    r.put("bytes_per_entry_measured_heap", round((double) (heapAfter - heapBefore) / n, 1));

    // half of the queries are near-copies of an entry (up to 20 of 256 bits flipped in the first
    // variant: a banked image re-uploaded), half are images no bank holds
    long[][] queries8 = new long[queries][];
    long[][] queries1 = new long[queries][];
    long[] plantedId = new long[queries];
    for (int q = 0; q < queries; q++) {
      long[] v = new long[32];
      for (int i = 0; i < v.length; i++) {
        v[i] = random.nextLong();
      }
      plantedId[q] = -1;
      if (q % 2 == 0) {
        int of = random.nextInt(n);
        System.arraycopy(hashes, of * 4, v, 0, 4);
        for (int f = random.nextInt(21); f > 0; f--) {
          int bit = random.nextInt(256);
          v[bit >>> 6] ^= 1L << (bit & 63);
        }
        plantedId[q] = of;
      }
      queries8[q] = v;
      queries1[q] = Arrays.copyOf(v, 4);
    }
    hashes = null;
    for (int[] variants : new int[][] {{8}, {1}}) {
      long[][] qs = variants[0] == 8 ? queries8 : queries1;
      // warm-up, then single thread (both halves one after the other), then two threads
      runQueries(halves[0], qs, Math.min(50, qs.length));
      long s = System.nanoTime();
      int found = 0;
      for (int q = 0; q < qs.length; q++) {
        found += contains(halves[0].searchPdq(qs[q], 31), plantedId[q])
            + contains(halves[1].searchPdq(qs[q], 31), plantedId[q]);
      }
      double singleUs = (System.nanoTime() - s) / 1e3 / qs.length;
      int planted = (qs.length + 1) / 2;
      if (found != planted) {
        throw new IllegalStateException(found + " of " + planted + " planted copies found");
      }
      ExecutorService two = Executors.newFixedThreadPool(2);
      long w = System.nanoTime();
      Future<Long> a = two.submit(() -> runQueries(halves[0], qs, qs.length));
      Future<Long> b = two.submit(() -> runQueries(halves[1], qs, qs.length));
      double cpu = Math.max(a.get(), b.get()) / 1e9;
      double wall = (System.nanoTime() - w) / 1e9;
      two.shutdown();
      String name = variants[0] == 8 ? "8_variants" : "original_only";
      r.put("lookup_us_one_thread_" + name, round(singleUs, 1));
      // on a shared machine a thread gets only part of a core: the CPU time each thread spent is
      // what two free cores would need (the busier half sets the pace)
      r.put("lookups_per_second_" + name, Math.round(qs.length / cpu));
      r.put("lookups_per_second_wall_clock_" + name, Math.round(qs.length / wall));
      log("  %s: %.0f us per look-up on one thread (wall); two threads: %d look-ups/s by CPU time,"
          + " %d by the wall clock", name, singleUs, Math.round(qs.length / cpu),
          Math.round(qs.length / wall));
    }
    log("  %.1f B/entry estimated, %.1f measured; loaded in %.1f s", (double) estimated / n,
        (double) (heapAfter - heapBefore) / n, loadSeconds);
    return r;
  }

  /** Runs the first {@code count} queries; returns the CPU time this thread spent, in ns. */
  private static long runQueries(BankIndex index, long[][] qs, int count) {
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    for (int q = 0; q < count; q++) {
      index.searchPdq(qs[q], 31);
    }
    return threads.getCurrentThreadCpuTime() - cpu;
  }

  private static int contains(PdqHits hits, long id) {
    return id >= 0 && hits.find(id) != null ? 1 : 0;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  // ---- compression phase ----------------------------------------------------------------------

  /**
   * The cost of each output compression: the job's most frequent output record (a {@code
   * HashCode}, one per upload and model version) written the way the job's sinks write (linger 5
   * ms) to the embedded broker and read back, with lz4, gzip and none: CPU time of the producer
   * (caller and network thread) and of the consumer per record, and bytes per record on the wire.
   */
  private Map<String, Object> compressionPhase() throws Exception {
    int n = 200_000;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("records", n);
    out.put("record", "HashCode (64-bit code, PDQ hex, quality), registry-framed Avro");
    try (EmbeddedPlatform platform = EmbeddedPlatform.start(PlatformConfig.ephemeral())) {
      var codec = new RegistryAvroCodec<>(platform.schemaRegistry(), io.hashstream.schemas.HashCode.class);
      SplittableRandom random = new SplittableRandom(1);
      byte[][] values = new byte[4096][];
      for (int i = 0; i < values.length; i++) {
        values[i] = codec.encode(io.hashstream.schemas.Topic.HASH_CODES.valueSubject(),
            io.hashstream.schemas.HashCode.newBuilder().setImageId("img-" + i).setTenant("tenant-" + (i % 4))
                .setModelVersion("crovca-64-20261128T120000Z-3fa2c1d0").setBits(64)
                .setCode(java.nio.ByteBuffer.wrap(java.nio.ByteBuffer.allocate(8).putLong(random.nextLong()).array()))
                .setUploadedAt(Instant.now()).setHashedAt(Instant.now())
                .setPdq(HexCodes.encode(CodeLength.BITS_256, random.longs(4).toArray(), 0))
                .setPdqQuality(90 + random.nextInt(11))
                .setPdqStatus(io.hashstream.schemas.PdqStatus.HASHED).build());
      }
      for (String type : List.of("lz4", "gzip", "none", "lz4", "gzip", "none")) {
        String topic = "compression-" + type + "-" + System.nanoTime();
        try (var admin = platform.admin()) {
          admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 4, (short) 1)))
              .all().get();
        }
        Map<String, Object> producerConfig = new HashMap<>(platform.clientConfig());
        producerConfig.put("compression.type", type);
        producerConfig.put("linger.ms", 5);
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuBefore = cpuOfThreads(threads, "kafka-producer-network-thread");
        long own = threads.getCurrentThreadCpuTime();
        double bytes;
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(
            producerConfig, new org.apache.kafka.common.serialization.ByteArraySerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
          for (int i = 0; i < n; i++) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
                ("tenant/img-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                values[i % values.length]));
          }
          producer.flush();
          own = threads.getCurrentThreadCpuTime() - own;
          bytes = metric(producer.metrics(), "outgoing-byte-total");
          long produceCpu = own + cpuOfThreads(threads, "kafka-producer-network-thread") - cpuBefore;
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("producer_cpu_us_per_record", round(produceCpu / 1e3 / n, 2));
          r.put("wire_bytes_per_record", round(bytes / n, 1));
          r.put("consumer_cpu_us_per_record", round(consumeCpuNanos(platform, topic, n) / 1e3 / n, 2));
          @SuppressWarnings("unchecked")
          List<Object> runs = (List<Object>) out.computeIfAbsent(type, k -> new ArrayList<>());
          runs.add(r);
          log("  compression %s: %s", type, r);
        }
      }
    }
    return out;
  }

  private static long cpuOfThreads(java.lang.management.ThreadMXBean threads, String prefix) {
    long total = 0;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(prefix)) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }

  private static double metric(Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> metrics,
      String name) {
    for (var e : metrics.entrySet()) {
      if (e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics")) {
        return ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    return Double.NaN;
  }

  /** Reads {@code n} records of {@code topic} on this thread; returns its CPU time. */
  private static long consumeCpuNanos(EmbeddedPlatform platform, String topic, int n) {
    Map<String, Object> config = new HashMap<>(platform.clientConfig());
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    long read = 0;
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(config,
        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions); // no group: nothing but fetching and decompressing is timed
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (read < n && System.nanoTime() < deadline) {
        read += consumer.poll(Duration.ofMillis(200)).count();
      }
    }
    return threads.getCurrentThreadCpuTime() - cpu;
  }

  // ---- job phase ------------------------------------------------------------------------------

  private void jobPhase() throws Exception {
    log("job phase: %s entries through the running job", label(jobEntries));
    Map<String, Object> r = new LinkedHashMap<>();
    report.put("job_phase", r);
    try (EmbeddedPlatform platform = EmbeddedPlatform.start(PlatformConfig.ephemeral());
        JobRun job = JobRun.create(platform, work, "banks", 2, 5, Map.of(), Map.of())) {
      job.start();
      BankTopic topic = new BankTopic(platform.bootstrapServers(), platform.registryUrl(),
          job.config.topics().bankSignals(), Duration.ofSeconds(120));
      List<DemoPhotos.Photo> photos = DemoPhotos.load();
      Map<String, byte[]> uploads = uploadsOf(photos);

      // the import: the demo photos' PDQ hashes among random ones
      Path file = work.resolve("bank.csv");
      try (SignalExtractor pdq = SignalExtractor.pdqOnly(true);
          BufferedWriter w = Files.newBufferedWriter(file)) {
        SplittableRandom random = new SplittableRandom(7);
        for (DemoPhotos.Photo p : photos) {
          w.write(pdqOf(pdq, p.bytes()).original().hex() + ",photo-" + p.name() + "\n");
        }
        for (int i = photos.size(); i < jobEntries; i++) {
          w.write(HexCodes.encode(CodeLength.BITS_256, random.longs(4).toArray(), 0) + ",r" + i + "\n");
        }
      }
      long importStart = System.nanoTime();
      BankImporter.Report imported = new BankImporter(topic, "BENCH", Verdict.REMOVE, List.of(),
          "bench-banks", Clock.systemUTC()).run(file, ExchangeFormat.CSV, false, total -> done -> { });
      awaitApplied(platform, job);
      double endToEnd = (System.nanoTime() - importStart) / 1e9;
      r.put("entries", imported.imported());
      r.put("import_cli_entries_per_second", Math.round(imported.imported() / imported.seconds()));
      r.put("import_applied_seconds", round(endToEnd, 1));
      report.put("import_entries_per_second", Math.round(imported.imported() / endToEnd));
      r.put("checkpoints_with_bank_loaded", PipelineBenchmark.checkpointFigures());
      log("  imported %d in %.1f s (the command), applied by the job after %.1f s", imported.imported(),
          imported.seconds(), endToEnd);
      save();

      // the bank rests: the matcher compacts its heap index (BankMatchFunction)
      Thread.sleep(20_000);
      // look-ups of real image uploads (eight variants each), timed inside the matcher
      Map<String, Long> matchesByImage = new ConcurrentHashMap<>();
      RegistryAvroCodec<BankMatch> matches = job.codec(BankMatch.class);
      job.watch(job.config.topics().bankMatches(), (rec, at) -> {
        BankMatch m = matches.decode(rec.value());
        matchesByImage.merge(m.getImageId(), 1L, Long::sum);
      });
      for (Map.Entry<String, byte[]> u : uploads.entrySet()) {
        job.send(ImageEvent.newBuilder().setTenant("bench").setImageId(u.getKey())
            .setUploadedAt(Instant.now()).setImageBytes(java.nio.ByteBuffer.wrap(u.getValue())).build());
      }
      job.flush();
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (queryCount() < uploads.size() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      Thread.sleep(2000); // the last matches' checkpoint
      Map<String, Object> q = queryFigures();
      q.put("uploads", uploads.size());
      q.put("uploads_with_a_bank_match", matchesByImage.size());
      r.put("lookups_in_job", q);
      report.put("lookups_per_second_in_job_implied", q.get("lookups_per_second_implied"));
      log("  matcher: %s", q);
      save();

      r.put("removal", removals(job, topic));
      save();
    }
  }

  /** The photos, each also JPEG-re-encoded, mirrored and captioned: 4 uploads per photo. */
  private static Map<String, byte[]> uploadsOf(List<DemoPhotos.Photo> photos) throws Exception {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (DemoPhotos.Photo p : photos) {
      out.put("orig-" + p.name(), p.bytes());
      for (CopyTransform t : List.of(CopyTransform.JPEG_QUALITY_20, CopyTransform.HORIZONTAL_FLIP,
          CopyTransform.CAPTION)) {
        out.put(t + "-" + p.name(),
            ImageFileWriter.jpeg(t.apply(ImageDecoder.withDefaults().decode(p.bytes())), 0.9f));
      }
    }
    return out;
  }

  private static PdqDihedralHashes pdqOf(SignalExtractor pdq, byte[] bytes) {
    return ((ImageResult.Ok<PdqDihedralHashes>) pdq.pdq(List.of(EncodedImage.of("x", bytes))).get(0))
        .value();
  }

  private static long queryCount() {
    long n = 0;
    for (var c : CapturedMetrics.find("bankQueries")) {
      n = Math.max(n, ((org.apache.flink.metrics.Counter) c.metric()).getCount());
    }
    return n;
  }

  /** The matcher subtasks. CPU time per look-up: each query visits every subtask, in parallel. */
  private static Map<String, Object> queryFigures() {
    Map<String, Object> out = new LinkedHashMap<>();
    double worstMean = 0;
    List<Object> perSubtask = new ArrayList<>();
    for (var c : CapturedMetrics.find("bankQueryCpuMicros")) {
      HistogramStatistics s = ((Histogram) c.metric()).getStatistics();
      worstMean = Math.max(worstMean, s.getMean());
      perSubtask.add(Map.of("subtask", c.variable("subtask_index"), "count", s.size(),
          "mean_us", round(s.getMean(), 1), "p50_us", round(s.getQuantile(0.5), 1),
          "p99_us", round(s.getQuantile(0.99), 1)));
    }
    out.put("matcher_subtasks", perSubtask);
    out.put("lookups_per_second_implied", worstMean > 0 ? Math.round(1e6 / worstMean) : null);
    return out;
  }

  /**
   * Each round: a CroVCA bank entry whose code is an upload's, that upload sent every 20 ms until
   * it matches, then the entry removed; the removal time runs from the moment the tombstone was
   * written to the first probe hashed after it that no longer matched (or the last match's {@code
   * detectedAt}, if later).
   */
  private Map<String, Object> removals(JobRun job, BankTopic topic) throws Exception {
    LoadedModel model = ModelCatalog.shared().acquire(ModelReference.ofDefault(),
        BundledEncoder.ENCODER_ID, BundledEncoder.EMBEDDING_SIZE);
    RegistryAvroCodec<BankMatch> codec = job.codec(BankMatch.class);
    Map<String, Long> lastDetected = new ConcurrentHashMap<>();
    Map<String, Long> matched = new ConcurrentHashMap<>();
    Map<String, Long> hashedAt = new ConcurrentHashMap<>();
    job.watch(job.config.topics().bankMatches(), (rec, at) -> {
      BankMatch m = codec.decode(rec.value());
      if (m.getTenant().startsWith("removal-")) {
        lastDetected.merge(m.getTenant(), m.getDetectedAt().toEpochMilli(), Math::max);
        matched.put(m.getTenant() + "/" + m.getImageId(), m.getDetectedAt().toEpochMilli());
      }
    });
    RegistryAvroCodec<io.hashstream.schemas.HashCode> codes = job.codec(io.hashstream.schemas.HashCode.class);
    job.watch(job.config.topics().hashCodes(), (rec, at) -> {
      var c = codes.decode(rec.value());
      if (c.getTenant().startsWith("removal-")) {
        hashedAt.put(c.getTenant() + "/" + c.getImageId(), c.getHashedAt().toEpochMilli());
      }
    });
    List<Double> seconds = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(3);
    try (BankTopic.Writer writer = topic.writer()) {
      for (int k = 0; k < removals; k++) {
        float[] e = new float[BundledEncoder.EMBEDDING_SIZE];
        for (int i = 0; i < e.length; i++) {
          e[i] = (float) Math.abs(random.nextGaussian());
        }
        String tenant = "removal-" + k;
        String hex = HexCodes.encode(model.codeLength(), model.code(e), 0);
        BankSignal entry = BankSignal.newBuilder().setBank("REMOVAL_BENCH").setContentId("c" + k)
            .setBankContentId(BankKeys.bankContentId("REMOVAL_BENCH", "c" + k))
            .setSignalType(MatchSignal.CROVCA).setSignal(hex).setModelVersion(model.version())
            .setBits(model.codeLength().bits()).setVerdict(Verdict.REMOVE)
            .setAddedAt(Instant.now()).build();
        writer.put(entry);
        writer.commit();
        int i = 0;
        while (!lastDetected.containsKey(tenant)) {
          probe(job, tenant, i++, e);
        }
        long removedAt = System.currentTimeMillis();
        writer.remove(BankKeys.keyOf(entry));
        writer.commit();
        long until = System.nanoTime() + 2_500_000_000L;
        while (System.nanoTime() < until) {
          probe(job, tenant, i++, e);
        }
        Thread.sleep(1500); // the last probes' matches, committed with the next checkpoints
        // in effect by the first probe hashed after the tombstone that no longer matched (an upper
        // bound: the matcher looked it up a moment after it was hashed)
        long firstMiss = Long.MAX_VALUE;
        for (int p = 0; p < i; p++) {
          String id = tenant + "/p" + p;
          Long h = hashedAt.get(id);
          if (h != null && h >= removedAt && !matched.containsKey(id)) {
            firstMiss = Math.min(firstMiss, h);
          }
        }
        long lastMatch = lastDetected.get(tenant);
        double s = Math.max(0, Math.max(lastMatch, firstMiss == Long.MAX_VALUE ? lastMatch : firstMiss)
            - removedAt) / 1e3;
        seconds.add(s);
        log("  removal %d: in effect %.3f s after the tombstone (last match %+d ms)", k, s,
            lastMatch - removedAt);
      }
    } finally {
      ModelCatalog.shared().release(model.version());
    }
    double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double p99 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.99 * sorted.length) - 1)];
    report.put("removal_seconds_p99", round(p99, 3));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("removals", sorted.length);
    out.put("seconds_p50", round(sorted[sorted.length / 2], 3));
    out.put("seconds_p99", round(p99, 3));
    out.put("seconds_max", round(sorted[sorted.length - 1], 3));
    out.put("probe_interval_ms", 20);
    return out;
  }

  private static void probe(JobRun job, String tenant, int i, float[] embedding)
      throws InterruptedException {
    job.send(ImageEvent.newBuilder().setTenant(tenant).setImageId("p" + i)
        .setUploadedAt(Instant.now())
        .setEmbedding(EmbeddingVectors.of(BundledEncoder.ENCODER_ID, embedding)).build());
    job.flush();
    Thread.sleep(20); // the probe rate, not a synchronisation
  }

  private void awaitApplied(EmbeddedPlatform platform, JobRun job) throws Exception {
    String t = job.config.topics().bankSignals();
    try (var admin = platform.admin()) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin.describeTopics(List.of(t)).allTopicNames().get().get(t).partitions()
          .forEach(p -> latest.put(new TopicPartition(t, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, Long> end = new HashMap<>();
      admin.listOffsets(latest).all().get().forEach((p, i) -> end.put(p, i.offset()));
      while (true) {
        Map<TopicPartition, Long> committed = new HashMap<>();
        admin.listConsumerGroupOffsets(job.config.groupId()).partitionsToOffsetAndMetadata().get()
            .forEach((p, o) -> {
              if (o != null && p.topic().equals(t)) {
                committed.put(p, o.offset());
              }
            });
        // a transactional write ends each partition with a commit marker (an offset, no record)
        if (end.keySet().stream().allMatch(p -> committed.getOrDefault(p, -1L) >= end.get(p) - 1)) {
          return;
        }
        job.status();
        Thread.sleep(200);
      }
    }
  }

  private List<String> commandLine() {
    return List.of("--sizes", sizes.stream().map(String::valueOf).reduce((a, b) -> a + "," + b)
        .orElse(""), "--queries", String.valueOf(queries), "--job-entries",
        String.valueOf(jobEntries), "--removals", String.valueOf(removals), "--phases",
        String.join(",", phases));
  }

  private static String label(int n) {
    return n % 1_000_000 == 0 ? (n / 1_000_000) + "M" : n % 1000 == 0 ? (n / 1000) + "k" : String.valueOf(n);
  }

  private static double round(double v, int digits) {
    return JsonReport.round(v, digits);
  }

  private void save() throws Exception {
    JsonReport.write(out, report);
  }

  private double elapsed() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[%6.1fs] " + format + "%n",
        java.util.stream.Stream.concat(java.util.stream.Stream.of(elapsed()), Arrays.stream(args))
            .toArray());
  }
}
