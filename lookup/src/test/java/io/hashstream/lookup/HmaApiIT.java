package io.hashstream.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hashstream.code.HexCodes;
import io.hashstream.inference.EncodedImage;
import io.hashstream.inference.ImageHasher;
import io.hashstream.inference.ImageResult;
import io.hashstream.pdq.PdqDihedral;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.platform.PlatformConfig;
import io.hashstream.schemas.BankKeys;
import io.hashstream.schemas.BankSignal;
import io.hashstream.schemas.MatchSignal;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.Verdict;
import io.hashstream.schemas.kafka.RegistryAvroSerde;
import io.hashstream.schemas.kafka.RegistryAvroSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HMA's endpoints answered by the look-up service on the embedded platform, read with a plain HTTP
 * client and compared with the recorded answers in {@code src/test/resources/hma/} (HMA's shapes:
 * see the README of the lookup module).
 */
class HmaApiIT {
  static final String H1 = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  static final String H2 = "0123456789abcdef".repeat(4);
  /** H1 with its first three bits flipped. */
  static final String H1_NEAR = "18f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  static final Instant ADDED = Instant.parse("2026-12-01T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static EmbeddedPlatform platform;
  private static KafkaProducer<String, BankSignal> producer;
  private static LookupService service;
  private static byte[] photo;

  @BeforeAll
  static void start() throws Exception {
    platform = EmbeddedPlatform.start(PlatformConfig.ephemeral());
    platform.createTopics(List.of(Topic.BANK_SIGNALS), Duration.ofSeconds(60));
    Map<String, Object> config = new HashMap<>(platform.clientConfig());
    config.put(RegistryAvroSerde.REGISTRY_URL, platform.registryUrl());
    RegistryAvroSerializer<BankSignal> values = new RegistryAvroSerializer<>();
    values.configure(config, false);
    producer = new KafkaProducer<>(config, new StringSerializer(), values);
    try (InputStream in = HmaApiIT.class.getResourceAsStream("/encoder/images/chelsea.png")) {
      photo = in.readAllBytes();
    }
    String photoPdq;
    String photoCode;
    String version;
    try (ImageHasher hasher = ImageHasher.openDefault()) {
      var r = (ImageResult.Ok<ImageHasher.HashedImage>)
          hasher.hashBoth(List.of(EncodedImage.of("chelsea", photo))).get(0);
      photoPdq = r.value().pdq().get(PdqDihedral.ORIGINAL).hex();
      photoCode = HexCodes.encode(hasher.codeLength(), r.value().code(), 0);
      version = hasher.version().id();
    }
    put(entry("STOP_LIST", "case-1", MatchSignal.PDQ, H1, null, Verdict.REMOVE));
    put(entry("STOP_LIST", "case-2", MatchSignal.PDQ, H2, null, Verdict.REMOVE));
    put(entry("ALLOW_STOCK", "chelsea.png", MatchSignal.PDQ, photoPdq, null, Verdict.ALLOW));
    put(entry("ALLOW_STOCK", "chelsea.png", MatchSignal.CROVCA, photoCode, version, Verdict.ALLOW));
    producer.flush();
    service = LookupService.start(new LookupConfig(platform.clientConnection(),
        Topic.BANK_SIGNALS.topicName(), 0, 31, 4, null, 1 << 24));
    service.awaitReady(Duration.ofSeconds(120));
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    if (producer != null) {
      producer.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void bankListingsAnswerWithHmasShapes() throws Exception {
    assertAnswer(get("/c/banks"), 200, "banks.json");
    assertAnswer(get("/c/bank/STOP_LIST"), 200, "bank.json");
    assertAnswer(get("/c/bank/NO_SUCH_BANK"), 404, "bank-404.json");
    long id = BankKeys.bankContentId("STOP_LIST", "case-1");
    assertAnswer(get("/c/bank/STOP_LIST/content/" + id + "?include_signals=true"), 200,
        "content.json");
    assertAnswer(get("/m/index/status?signal_type=pdq"), 200, "index-status.json");
  }

  @Test
  void rawLookupAndLookupAnswerWithHmasShapes() throws Exception {
    assertAnswer(get("/m/raw_lookup?signal_type=pdq&signal=" + H1), 200, "raw-lookup.json");
    assertAnswer(get("/m/raw_lookup?signal_type=pdq&signal=" + H1_NEAR + "&include_distance=true"),
        200, "raw-lookup-distance.json");
    assertAnswer(get("/m/raw_lookup?signal_type=pdq&signal=" + H1 + "&banks=ALLOW_STOCK"), 200,
        "raw-lookup-none.json");
    assertAnswer(get("/m/lookup?signal_type=pdq&signal=" + H1_NEAR), 200, "lookup.json");
    assertAnswer(get("/m/raw_lookup?signal_type=pdq"), 400, "raw-lookup-400.json");
    assertAnswer(get("/m/raw_lookup?signal_type=md5&signal=abc"), 400, "raw-lookup-type-400.json");
  }

  @Test
  void aPostedImageIsHashedWithBothSignalsAndLookedUp() throws Exception {
    assertAnswer(post("/m/lookup", "photo", photo), 200, "lookup-post.json");
    assertAnswer(post("/m/lookup", "video", photo), 400, "lookup-post-400.json");
    HttpResponse<String> hash = post("/h/hash", "photo", photo);
    assertThat(hash.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(hash.body()).fieldNames()).toIterable().containsExactly("pdq", "crovca");
  }

  @Test
  void aTombstoneTakesContentOutOfTheAnswers() throws Exception {
    BankSignal e = entry("STOP_LIST", "case-9", MatchSignal.PDQ, "ff".repeat(32), null,
        Verdict.REMOVE);
    put(e);
    producer.flush();
    long id = BankKeys.bankContentId("STOP_LIST", "case-9");
    awaitMatches("ff".repeat(32), "[" + id + "]");
    producer.send(new ProducerRecord<>(Topic.BANK_SIGNALS.topicName(), BankKeys.keyOf(e), null));
    producer.flush();
    awaitMatches("ff".repeat(32), "[]");
  }

  /** Polls raw_lookup until its matches are {@code expected}, for at most 60 s. */
  private static void awaitMatches(String signal, String expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      last = JSON.readTree(get("/m/raw_lookup?signal_type=pdq&signal=" + signal).body())
          .get("matches").toString();
      if (last.equals(expected)) {
        return;
      }
      HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + "/c/banks")).build(),
          HttpResponse.BodyHandlers.discarding()); // one more round trip, then look again
    }
    throw new AssertionError("raw_lookup answered " + last + ", never " + expected);
  }

  private static void assertAnswer(HttpResponse<String> r, int status, String recorded)
      throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode expected;
    try (InputStream in = HmaApiIT.class.getResourceAsStream("/hma/" + recorded)) {
      expected = JSON.readTree(in);
    }
    assertThat(JSON.readTree(r.body())).as(recorded).isEqualTo(expected);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String field, byte[] file) throws Exception {
    String boundary = "----hashstream-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field
        + "\"; filename=\"chelsea.png\"\r\nContent-Type: image/png\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    body.write(file);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + path))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void put(BankSignal e) {
    producer.send(new ProducerRecord<>(Topic.BANK_SIGNALS.topicName(), BankKeys.keyOf(e), e));
  }

  static BankSignal entry(String bank, String contentId, MatchSignal signal, String hex,
      String version, Verdict verdict) {
    return BankSignal.newBuilder()
        .setBank(bank)
        .setContentId(contentId)
        .setBankContentId(BankKeys.bankContentId(bank, contentId))
        .setSignalType(signal)
        .setSignal(hex)
        .setModelVersion(version)
        .setBits(version == null ? null : hex.length() * 4)
        .setVerdict(verdict)
        .setAddedAt(ADDED)
        .build();
  }
}
