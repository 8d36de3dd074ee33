import io.hashstream.demo.DemoPhotos;
import io.hashstream.demo.DemoUploads;
import io.hashstream.schemas.HashCode;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.MatchSignal;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.kafka.RegistryAvroDeserializer;
import io.hashstream.schemas.kafka.RegistryAvroSerde;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * docker/test.sh's client on the host, through the published Kafka listener and registry port:
 * sends the demo's photos as image uploads in phases, waits for the job's output, and judges it
 * with read_committed consumers (what a checkpoint committed, nothing else).
 *
 * <pre>
 *   send PHASE                 originals (the 16 photos, ids orig-NN, tenants acme/globex
 *                              alternately), copies-a (byte-identical re-uploads of photos 0-7,
 *                              ids copya-NN), copies-b (photos 8-15, copyb-NN)
 *   await CODES SECONDS        until the hash-codes of CODES distinct uploads are committed
 *   verify UPLOADS RADIUS      every upload hashed exactly once; every alert exactly once; the
 *                              alerts are exactly what brute force over the job's own codes says
 *                              (each upload against every upload of an earlier phase at its
 *                              tenant within RADIUS bits; inside a phase, one direction per pair);
 *                              alerts on PDQ alone are listed and must be unique too
 * </pre>
 *
 * Environment: KAFKA (host:port), REGISTRY (the ccompat URL). Exit 0 on success, 1 on a failed
 * check (with what differs), 2 on bad usage.
 */
public final class SystemCheck {
  private static final String[] PHASES = {"orig", "copya", "copyb"};

  public static void main(String[] args) throws Exception {
    String kafka = System.getenv("KAFKA");
    String registry = System.getenv("REGISTRY");
    if (kafka == null || registry == null || args.length == 0) {
      System.err.println("usage: KAFKA=host:port REGISTRY=url SystemCheck send|await|verify ...");
      System.exit(2);
    }
    int status = switch (args[0]) {
      case "send" -> send(kafka, registry, args[1]);
      case "await" -> await(kafka, registry, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      case "verify" -> verify(kafka, registry, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      default -> 2;
    };
    System.exit(status);
  }

  private static int send(String kafka, String registry, String phase) throws Exception {
    List<DemoPhotos.Photo> photos = DemoPhotos.load();
    String prefix;
    int from;
    int to;
    switch (phase) {
      case "originals" -> { prefix = "orig"; from = 0; to = photos.size(); }
      case "copies-a" -> { prefix = "copya"; from = 0; to = photos.size() / 2; }
      case "copies-b" -> { prefix = "copyb"; from = photos.size() / 2; to = photos.size(); }
      default -> throw new IllegalArgumentException("no phase " + phase);
    }
    try (Producer<String, ImageEvent> producer = DemoUploads.openProducer(kafka, registry)) {
      for (int i = from; i < to; i++) {
        String tenant = i % 2 == 0 ? "acme" : "globex";
        String id = String.format("%s-%02d", prefix, i);
        ImageEvent event = ImageEvent.newBuilder().setTenant(tenant).setImageId(id)
            .setUploadedAt(Instant.now()).setContentType("image/jpeg")
            .setImageBytes(ByteBuffer.wrap(photos.get(i).copyOfBytes())).build();
        producer.send(new ProducerRecord<>("images", tenant + "/" + id, event)).get();
      }
    }
    System.out.println("sent " + (to - from) + " uploads (" + phase + ")");
    return 0;
  }

  private static int await(String kafka, String registry, int codes, int seconds) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    Set<String> seen = new TreeSet<>();
    try (KafkaConsumer<String, HashCode> c = consumer(kafka, registry, HashCode.class)) {
      c.subscribe(List.of("hash-codes"));
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, HashCode> r : c.poll(Duration.ofMillis(500))) {
          seen.add(r.value().getImageId());
        }
        if (seen.size() >= codes) {
          System.out.println("hash-codes: " + seen.size() + " uploads committed");
          return 0;
        }
      }
    }
    System.out.println("FAIL: " + seen.size() + " of " + codes + " uploads hashed after " + seconds
        + " s: " + seen);
    return 1;
  }

  private static int verify(String kafka, String registry, int uploads, int radius) {
    List<HashCode> codes = readAll(kafka, registry, "hash-codes", HashCode.class);
    List<NearDuplicate> alerts = readAll(kafka, registry, "near-duplicates", NearDuplicate.class);
    List<String> failures = new ArrayList<>();

    Map<String, HashCode> byId = new TreeMap<>();
    for (HashCode c : codes) {
      if (byId.put(c.getImageId(), c) != null) {
        failures.add("hash code of " + c.getImageId() + " emitted twice");
      }
    }
    if (byId.size() != uploads) {
      failures.add(byId.size() + " uploads hashed, " + uploads + " sent");
    }
    Map<String, Integer> seen = new TreeMap<>();
    for (NearDuplicate a : alerts) {
      seen.merge(a.getQueryId() + " -> " + a.getMatchId(), 1, Integer::sum);
    }
    seen.forEach((pair, n) -> {
      if (n > 1) {
        failures.add("alert " + pair + " emitted " + n + " times");
      }
    });

    // brute force over the job's own codes: an earlier phase is fully indexed before a later one
    Set<String> expected = new TreeSet<>();
    List<String[]> samePhase = new ArrayList<>();
    List<HashCode> all = new ArrayList<>(byId.values());
    for (HashCode q : all) {
      for (HashCode m : all) {
        if (q == m || !q.getTenant().equals(m.getTenant()) || distance(q, m) > radius) {
          continue;
        }
        int pq = phase(q.getImageId());
        int pm = phase(m.getImageId());
        if (pm < pq) {
          expected.add(q.getImageId() + " -> " + m.getImageId());
        } else if (pm == pq && q.getImageId().compareTo(m.getImageId()) < 0) {
          samePhase.add(new String[] {q.getImageId(), m.getImageId()});
        }
      }
    }
    Set<String> crovca = new TreeSet<>(expected);
    for (String[] p : samePhase) { // arrival order decides the direction: exactly one of them
      String ab = p[0] + " -> " + p[1];
      String ba = p[1] + " -> " + p[0];
      crovca.add(ab);
      crovca.add(ba);
      if (seen.containsKey(ab) == seen.containsKey(ba)) {
        failures.add("pair " + p[0] + " ~ " + p[1] + " (same phase, within " + radius
            + " bits) alerted " + (seen.containsKey(ab) ? "in both directions" : "in neither"));
      }
    }
    for (String e : expected) {
      if (!seen.containsKey(e)) {
        failures.add("lost alert " + e + " (within " + radius + " bits by the job's own codes)");
      }
    }
    List<String> pdqOnly = new ArrayList<>();
    for (NearDuplicate a : alerts) {
      String pair = a.getQueryId() + " -> " + a.getMatchId();
      if (crovca.contains(pair)) {
        continue;
      }
      if (a.getSignals().equals(List.of(MatchSignal.PDQ))
          && phase(a.getMatchId()) <= phase(a.getQueryId())) {
        pdqOnly.add(pair + " (pdq distance " + a.getPdqDistance() + ")");
      } else {
        failures.add("unexpected alert " + pair + " signals " + a.getSignals() + " distance "
            + a.getDistance());
      }
    }
    System.out.printf("hash-codes: %d records, %d uploads; near-duplicates: %d records, %d pairs"
            + " (%d predicted by the codes at radius %d, %d on PDQ alone)%n",
        codes.size(), byId.size(), alerts.size(), seen.size(), expected.size(), radius,
        pdqOnly.size());
    alerts.stream().collect(Collectors.groupingBy(a -> phase(a.getQueryId()), TreeMap::new,
            Collectors.counting()))
        .forEach((p, n) -> System.out.println("  alerts for " + PHASES[p] + "-*: " + n));
    pdqOnly.forEach(p -> System.out.println("  PDQ only: " + p));
    if (failures.isEmpty()) {
      System.out.println("exactly once: no upload hashed twice or lost, no alert lost or twice");
      return 0;
    }
    failures.forEach(f -> System.out.println("FAIL: " + f));
    return 1;
  }

  private static int phase(String imageId) {
    for (int i = 0; i < PHASES.length; i++) {
      if (imageId.startsWith(PHASES[i] + "-")) {
        return i;
      }
    }
    throw new IllegalStateException("an upload this test did not send: " + imageId);
  }

  private static int distance(HashCode a, HashCode b) {
    ByteBuffer x = a.getCode().duplicate();
    ByteBuffer y = b.getCode().duplicate();
    int d = 0;
    while (x.hasRemaining()) {
      d += Integer.bitCount((x.get() ^ y.get()) & 0xff);
    }
    return d;
  }

  /** Everything committed on a topic now: read up to the end offsets a read_committed reader sees. */
  private static <T extends SpecificRecord> List<T> readAll(String kafka, String registry,
      String topic, Class<T> type) {
    List<T> out = new ArrayList<>();
    try (KafkaConsumer<String, T> c = consumer(kafka, registry, type)) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts); // the last stable offsets
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end in 60 s");
        }
        for (ConsumerRecord<String, T> r : c.poll(Duration.ofMillis(500))) {
          out.add(r.value());
        }
      }
    }
    return out;
  }

  private static <T extends SpecificRecord> KafkaConsumer<String, T> consumer(String kafka,
      String registry, Class<T> type) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "hashstream-docker-test-" + System.nanoTime());
    RegistryAvroDeserializer<T> values = new RegistryAvroDeserializer<>();
    values.configure(Map.of(RegistryAvroSerde.REGISTRY_URL, registry,
        RegistryAvroSerde.VALUE_TYPE, type.getName()), false);
    return new KafkaConsumer<>(props, new StringDeserializer(), values);
  }
}
