package io.hashstream.bench.moderation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hashstream.alerts.AlertsApp;
import io.hashstream.alerts.config.AlertsConfig;
import io.hashstream.alerts.config.RulesConfig;
import io.hashstream.alerts.topology.TenantKeys;
import io.hashstream.alerts.topology.Topics;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.platform.MachineInfo;
import io.hashstream.platform.PlatformConfig;
import io.hashstream.schemas.ActionType;
import io.hashstream.schemas.ModerationAction;
import io.hashstream.schemas.ModerationVerdict;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.Verdict;
import io.hashstream.schemas.kafka.RegistryAvroDeserializer;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.schemas.registry.SchemaRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hashstream bench-alerts}: how many matches per second the moderation service works
 * through, and how fast it answers look-ups, on the embedded platform of this machine.
 *
 * <ol>
 *   <li>A recording of {@code --matches} near-duplicate matches (seeded: the same every run) over
 *       {@code --tenants} tenants, with banks (REMOVE, REVIEW, ALLOW verdicts), growing clusters and
 *       one flood, is written to {@code near-duplicates} before anything runs, then one sentinel
 *       match per tenant.
 *   <li>Baseline, same run, same backlog: a pass-through Kafka Streams app with the same settings
 *       (exactly-once, same commit interval) that only decodes each match and writes an action.
 *   <li>The moderation service works through the same backlog. Each figure is the backlog over
 *       the time from RUNNING until every tenant's sentinel action is committed (per tenant, order
 *       is kept, so nothing earlier is left).
 *   <li>Look-ups: {@code --lookups} timed GETs of {@code case}, {@code verdict} and {@code actions}
 *       against the service's HTTP API, after a warm-up.
 * </ol>
 */
@Command(
    name = "bench-alerts",
    mixinStandardHelpOptions = true,
    description = "Measures matches/s through the moderation service and look-up latency; writes a JSON report.")
public final class AlertsBenchmark implements Callable<Integer> {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final String PASSTHROUGH_TOPIC = "bench-passthrough";
  private static final int BANK_ITEMS_PER_TENANT = 20;

  @Option(names = "--matches", description = "matches in the recording (default: ${DEFAULT-VALUE})")
  int matches = 50_000;

  @Option(names = "--tenants", description = "tenants (default: ${DEFAULT-VALUE})")
  int tenants = 16;

  @Option(names = "--lookups", description = "timed look-ups (default: ${DEFAULT-VALUE})")
  int lookups = 3_000;

  @Option(names = "--seed", description = "recording seed (default: ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(names = "--out", description = "report file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("benchmarks/results/alerts.json");

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(new CommandLine(new AlertsBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "alerts");
    report.put("date", Instant.now().toString());
    report.put("command", "./hashstream bench-alerts --matches " + matches + " --tenants " + tenants + " --lookups " + lookups);
    report.put("machine", MachineInfo.describe());
    Path stateRoot = Files.createTempDirectory("hashstream-bench-alerts-");
    try (EmbeddedPlatform platform = EmbeddedPlatform.start(PlatformConfig.ephemeral())) {
      try (Admin admin = platform.admin()) {
        admin.createTopics(List.of(new NewTopic(PASSTHROUGH_TOPIC, 4, (short) 1))).all().get();
      }
      System.out.printf("platform up in %.1f s; writing %,d matches ...%n", platform.startupTime().toMillis() / 1000.0, matches);
      Recording recording = record(platform);
      AlertsConfig config =
          new AlertsConfig(
              "bench-alerts", platform.bootstrapServers(), platform.registryUrl(), stateRoot.resolve("alerts"), 0,
              AlertsConfig.DEFAULT_COMMIT_INTERVAL, 1, Map.of(), RulesConfig.defaults())
              .withSecurity(platform.clientConnection().security());
      long total = recording.total();

      System.out.println("baseline: pass-through app ...");
      double baselineSeconds = passThrough(platform, config.withStateDir(stateRoot.resolve("passthrough")), recording);
      System.out.printf("  %.1f s, %,.0f matches/s%n", baselineSeconds, total / baselineSeconds);

      System.out.println("moderation service ...");
      Map<String, Object> service = new LinkedHashMap<>();
      try (AlertsApp app = AlertsApp.start(config)) {
        long t0 = awaitRunning(app.streams());
        List<ModerationAction> actions =
            awaitSentinels(platform, Topic.MODERATION_ACTIONS.topicName(), recording, a -> true);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("  %.1f s, %,.0f matches/s%n", seconds, total / seconds);
        Map<ActionType, Integer> byType = new EnumMap<>(ActionType.class);
        actions.forEach(a -> byType.merge(a.getAction(), 1, Integer::sum));
        service.put("matches", total);
        service.put("seconds", round(seconds));
        service.put("matches_per_second", Math.round(total / seconds));
        service.put("actions_by_type", byType);
        report.put("matches_per_second", Math.round(total / seconds));
        report.put("baseline_passthrough_matches_per_second", Math.round(total / baselineSeconds));
        report.put("ratio_to_passthrough", round(baselineSeconds / seconds));
        report.put("service", service);

        System.out.println("look-ups ...");
        Map<String, Object> lookupReport = measureLookups(app.pageUrl() + "api/v1/", recording);
        report.put("lookup_ms_p99", lookupReport.get("all_p99_ms"));
        report.put("lookups", lookupReport);
      }
    } finally {
      deleteQuietly(stateRoot);
    }
    report.put("settings", Map.of(
        "processing_guarantee", "exactly_once_v2", "commit_interval_ms", AlertsConfig.DEFAULT_COMMIT_INTERVAL.toMillis(),
        "stream_threads", 1, "partitions", RulesConfig.defaults().partitions(), "tenants", tenants, "seed", seed));
    Files.createDirectories(out.toAbsolutePath().getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
    System.out.println("wrote " + out.toAbsolutePath());
    System.out.printf("matches_per_second=%s lookup_ms_p99=%s%n", report.get("matches_per_second"), report.get("lookup_ms_p99"));
    return 0;
  }

  /** What was written: per tenant, the queries (for look-ups) and the sentinel's image id. */
  private record Recording(long total, List<String> tenantIds, Map<String, List<String>> queries) {
    String sentinel(String tenant) {
      return "sentinel-" + tenant;
    }
  }

  private Recording record(EmbeddedPlatform platform) {
    SchemaRegistry registry = platform.schemaRegistry();
    RegistryAvroCodec<NearDuplicate> matchCodec = new RegistryAvroCodec<>(registry, NearDuplicate.class);
    RegistryAvroCodec<ModerationVerdict> verdictCodec = new RegistryAvroCodec<>(registry, ModerationVerdict.class);
    Random random = new Random(seed);
    Instant base = Instant.now().minusMillis(matches + 5_000L); // in the past: no "future timestamp" log noise
    List<String> tenantIds = new ArrayList<>();
    Map<String, List<String>> queries = new LinkedHashMap<>();
    Map<String, List<String>> uploads = new LinkedHashMap<>();
    for (int t = 0; t < tenants; t++) {
      String tenant = String.format("bench-t%02d", t);
      tenantIds.add(tenant);
      queries.put(tenant, new ArrayList<>());
      uploads.put(tenant, new ArrayList<>());
    }
    Properties p = new Properties();
    p.putAll(platform.clientConnection().kafkaProperties());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    Verdict[] verdicts = {Verdict.REMOVE, Verdict.REVIEW, Verdict.ALLOW};
    long written = 0;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (String tenant : tenantIds) {
        for (int i = 0; i < BANK_ITEMS_PER_TENANT; i++) {
          ModerationVerdict v =
              ModerationVerdict.newBuilder().setTenant(tenant).setImageId("bank-" + i).setBank("bank-" + (i % 3))
                  .setVerdict(verdicts[i % 3]).setDecidedBy("bench").setDecidedAt(base).build();
          producer.send(new ProducerRecord<>(Topic.MODERATION_VERDICTS.topicName(), null, base.toEpochMilli(),
              bytes(TenantKeys.key(tenant, v.getImageId())), verdictCodec.encode(Topic.MODERATION_VERDICTS.valueSubject(), v)));
        }
      }
      for (int k = 0; k < matches; k++) {
        String tenant = tenantIds.get(k % tenants);
        List<String> earlier = uploads.get(tenant);
        String query = "u-" + k;
        String matched;
        int kind = random.nextInt(100);
        if (k % tenants == 0 && k > matches / 2 && k < matches / 2 + 500 * tenants) {
          matched = "viral"; // a flood: 500 re-uploads of one image in a few seconds
        } else if (kind < 25) {
          matched = "bank-" + random.nextInt(BANK_ITEMS_PER_TENANT);
        } else if (kind < 60 || earlier.isEmpty()) {
          matched = "o-" + k; // an earlier upload never matched before: a new cluster
        } else {
          matched = earlier.get(Math.max(0, earlier.size() - 1 - random.nextInt(Math.min(earlier.size(), 200))));
        }
        earlier.add(query);
        queries.get(tenant).add(query);
        Instant at = base.plusMillis(k);
        send(producer, matchCodec, tenant, query, matched, random.nextInt(11), at);
        written++;
      }
      for (String tenant : tenantIds) {
        send(producer, matchCodec, tenant, "sentinel-" + tenant, "sentinel-seed", 1, base.plusMillis(matches + 1000L));
        written++;
      }
      producer.flush();
    }
    return new Recording(written, tenantIds, queries);
  }

  private static void send(
      KafkaProducer<byte[], byte[]> producer, RegistryAvroCodec<NearDuplicate> codec, String tenant,
      String query, String matched, int distance, Instant at) {
    NearDuplicate m =
        NearDuplicate.newBuilder().setTenant(tenant).setQueryId(query).setMatchId(matched).setDistance(distance)
            .setBits(64).setModelVersion("crovca-64-bench").setQueryUploadedAt(at.minusMillis(300))
            .setMatchUploadedAt(at.minusSeconds(60)).setDetectedAt(at).build();
    // keyed by tenant, as a streaming job keying by tenant would: per-tenant order is what makes
    // the sentinel mean "everything before it is done"
    producer.send(new ProducerRecord<>(Topic.NEAR_DUPLICATES.topicName(), null, at.toEpochMilli(), bytes(tenant),
        codec.encode(Topic.NEAR_DUPLICATES.valueSubject(), m)));
  }

  /** The baseline: decode each match, write a trivial action, same guarantees; seconds taken. */
  private double passThrough(EmbeddedPlatform platform, AlertsConfig config, Recording recording) throws Exception {
    Topics topics = Topics.over(platform.schemaRegistry());
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(Topic.NEAR_DUPLICATES.topicName(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("source"))
        .mapValues(v -> topics.nearDuplicateCodec.decode(v), Named.as("decode"))
        .selectKey((k, m) -> TenantKeys.key(m.getTenant(), m.getQueryId()), Named.as("key"))
        .mapValues(m -> ModerationAction.newBuilder().setActionId(m.getQueryId()).setTenant(m.getTenant())
            .setAction(ActionType.ALERT).setImageId(m.getQueryId()).setMatchId(m.getMatchId())
            .setDistance(m.getDistance()).setModelVersion(m.getModelVersion())
            .setUploadedAt(m.getQueryUploadedAt()).setDecidedAt(m.getDetectedAt()).build(), Named.as("act"))
        .to(PASSTHROUGH_TOPIC, Produced.with(Serdes.String(), topics.moderationActions.valueSerde()).withName("sink"));
    Topology topology = builder.build();
    Properties props = config.streamsProperties(1);
    props.put("application.id", "bench-passthrough");
    try (KafkaStreams streams = new KafkaStreams(topology, props)) {
      streams.start();
      long t0 = awaitRunning(streams);
      awaitSentinels(platform, PASSTHROUGH_TOPIC, recording, a -> true);
      double seconds = (System.nanoTime() - t0) / 1e9;
      streams.close(Duration.ofSeconds(30));
      return seconds;
    }
  }

  private static long awaitRunning(KafkaStreams streams) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() - deadline > 0 || !streams.state().isRunningOrRebalancing() && streams.state() != KafkaStreams.State.CREATED) {
        throw new IllegalStateException("streams did not reach RUNNING: " + streams.state());
      }
      Thread.sleep(20); // a benchmark's start line, not test synchronisation
    }
    return System.nanoTime();
  }

  /** Reads {@code topic} (read_committed) until every tenant's sentinel has arrived. */
  private static List<ModerationAction> awaitSentinels(
      EmbeddedPlatform platform, String topic, Recording recording, Predicate<ModerationAction> keep) {
    Properties p = new Properties();
    p.putAll(platform.clientConnection().kafkaProperties());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    RegistryAvroDeserializer<ModerationAction> values =
        new RegistryAvroDeserializer<>(new RegistryAvroCodec<>(platform.schemaRegistry(), ModerationAction.class));
    Set<String> waiting = new HashSet<>();
    recording.tenantIds().forEach(t -> waiting.add(recording.sentinel(t)));
    List<ModerationAction> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try (KafkaConsumer<String, ModerationAction> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (!waiting.isEmpty()) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("sentinels still missing after " + TIMEOUT + ": " + waiting);
        }
        for (ConsumerRecord<String, ModerationAction> r : consumer.poll(Duration.ofMillis(100))) {
          if (keep.test(r.value())) {
            seen.add(r.value());
          }
          waiting.remove(r.value().getImageId());
        }
      }
    }
    return seen;
  }

  private Map<String, Object> measureLookups(String api, Recording recording) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Random random = new Random(seed + 1);
    String[] kinds = {"case", "verdict", "actions"};
    Map<String, List<Double>> millis = new LinkedHashMap<>();
    for (String k : kinds) {
      millis.put(k, new ArrayList<>());
    }
    int warmup = Math.max(100, lookups / 10);
    int errors = 0;
    for (int i = 0; i < warmup + lookups; i++) {
      String tenant = recording.tenantIds().get(random.nextInt(recording.tenantIds().size()));
      List<String> qs = recording.queries().get(tenant);
      String kind = kinds[i % kinds.length];
      String url =
          switch (kind) {
            case "case" -> api + "case?tenant=" + tenant + "&image=" + qs.get(random.nextInt(qs.size())) + "&limit=20";
            case "verdict" -> api + "verdict?tenant=" + tenant + "&image=bank-" + random.nextInt(BANK_ITEMS_PER_TENANT);
            default -> api + "actions?tenant=" + tenant + "&limit=50";
          };
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      double ms = (System.nanoTime() - t0) / 1e6;
      if (r.statusCode() != 200 && r.statusCode() != 404) {
        errors++;
      }
      if (i >= warmup) {
        millis.get(kind).add(ms);
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    List<Double> all = new ArrayList<>();
    for (String k : kinds) {
      all.addAll(millis.get(k));
      result.put(k, percentiles(millis.get(k)));
    }
    Map<String, Object> overall = percentiles(all);
    result.put("all", overall);
    result.put("all_p99_ms", overall.get("p99_ms"));
    result.put("errors", errors);
    result.put("how", "sequential GETs from one client thread on the same machine, after " + warmup + " warm-up requests; one instance (no forwarding)");
    return result;
  }

  private static Map<String, Object> percentiles(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", sorted.length);
    m.put("p50_ms", round(at(sorted, 0.50)));
    m.put("p90_ms", round(at(sorted, 0.90)));
    m.put("p99_ms", round(at(sorted, 0.99)));
    m.put("max_ms", round(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
    return m;
  }

  private static double at(double[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      System.err.println("cannot delete " + dir + ": " + e);
    }
  }

}
