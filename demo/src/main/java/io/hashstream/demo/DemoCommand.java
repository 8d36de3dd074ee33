package io.hashstream.demo;

import io.hashstream.flink.config.JobConfig;
import io.hashstream.flink.local.LocalJob;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.platform.PlatformConfig;
import io.hashstream.platform.PlatformSecurity;
import io.hashstream.schemas.security.ClientConnection;
import io.hashstream.schemas.security.ModelSigning;
import java.security.KeyPair;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.ModerationVerdict;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.Verdict;
import io.hashstream.schemas.kafka.RegistryAvroSerde;
import io.hashstream.schemas.kafka.RegistryAvroSerializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hashstream demo}: the whole system on embedded defaults, on any machine. It starts the
 * embedded Kafka and schema registry, the moderation service (its own JVM) with its live page, and
 * the streaming job on a local MiniCluster with RocksDB; trains a second HashCoder on the bundled
 * photos in the background; uploads the bundled photos and edited copies of them; publishes the
 * second model halfway through (a live hot swap); and prints alerts as they arrive with a running
 * summary. Runs until Ctrl-C (or, with {@code --exit-when-done}, until every planted copy has been
 * alerted or the wait runs out).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs the whole system on embedded defaults: Kafka + schema registry (127.0.0.1:19092,"
          + " :18081), the streaming job (local Flink, RocksDB), the moderation service and its"
          + " live page, an uploader of the bundled photos and edited copies, and a live model"
          + " swap halfway through. Stop './hashstream platform' first: the demo uses its ports."
    })
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--rate", description = "uploads per second (default: ${DEFAULT-VALUE})")
  double rate = 3;

  @Option(names = "--seed", description = "seed of the upload plan (default: ${DEFAULT-VALUE})")
  long seed = 1;

  @Option(names = "--http-port", description = "port of the live page on 127.0.0.1 (default: ${DEFAULT-VALUE})")
  int httpPort = 18090;

  @Option(names = "--radius", description = "alert radius in bits (default: ${DEFAULT-VALUE})")
  int radius = DemoUploads.SUGGESTED_RADIUS;

  @Option(names = "--free-ports", description = "run Kafka and the registry on free ports instead of 19092/18081 (e.g. beside a running platform)")
  boolean freePorts;

  @Option(names = "--secure", description = "run Kafka with SASL_SSL (SCRAM-SHA-512) and the registry over https with basic auth; every client of the demo gets the generated settings")
  boolean secure;

  @Option(names = "--no-swap", description = "do not train and publish a second model")
  boolean noSwap;

  @Option(names = "--no-alerts", description = "do not start the moderation service")
  boolean noAlerts;

  @Option(names = "--exit-when-done", description = "stop once every planted copy is alerted (or after --wait)")
  boolean exitWhenDone;

  @Option(names = "--wait", description = "with --exit-when-done: the longest wait for alerts after the last upload, seconds (default: ${DEFAULT-VALUE})")
  int waitSeconds = 120;

  public static void main(String[] args) throws java.io.IOException {
    System.setProperty("java.awt.headless", "true");
    // before any logger exists: every log line to a file in the work folder, the console is ours
    Path work = Files.createTempDirectory("hashstream-demo-");
    System.setProperty("hashstream.demo.work", work.toString());
    System.setProperty("hashstream.demo.log", work.resolve("demo.log").toString());
    System.setProperty("log4j2.configurationFile", "log4j2-demo.xml");
    System.exit(new CommandLine(new DemoCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    String given = System.getProperty("hashstream.demo.work");
    Path work = given != null ? Path.of(given) : Files.createTempDirectory("hashstream-demo-");
    List<AutoCloseable> running = new ArrayList<>();
    Thread stopper = new Thread(() -> closeAll(running), "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      return run(work, running);
    } finally {
      closeAll(running);
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // the hook is already running
      }
    }
  }

  private static Path directory(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create " + dir, e);
    }
  }

  /** Runs the demo; the exit code is 0 when every planted copy was alerted (with --exit-when-done). */
  int run(Path work, List<AutoCloseable> running) throws Exception {
    // The job starts with a model trained on the demo's photos and, halfway through,
    // hot-swaps to another (another seed). Both train while Kafka and the moderation service start.
    // The shipped default model is made for large corpora and wants calibrating on one
    // (./hashstream calibrate); sixteen photos are too few for that.
    CompletableFuture<DemoModel.Trained> firstModel = CompletableFuture.supplyAsync(() -> DemoModel.train(
        DemoPhotos.load(), directory(work.resolve("model-1")), DemoModel.Settings.defaults().withSeed(DemoModel.FIRST_MODEL_SEED),
        Clock.systemUTC(), line -> say("    first model: " + line)));
    CompletableFuture<DemoModel.Trained> secondModel = CompletableFuture.completedFuture(null);
    if (!noSwap) {
      // trains while everything starts; needed halfway through the uploads
      secondModel = firstModel.thenApplyAsync(first -> DemoModel.train(
          DemoPhotos.load(), directory(work.resolve("model-2")), DemoModel.Settings.defaults(), Clock.systemUTC(),
          line -> say("    second model: " + line)));
    }
    say("1/5 starting Kafka and the schema registry (logs in " + work.resolve("demo.log") + ") ...");
    PlatformConfig platformConfig = (freePorts ? PlatformConfig.ephemeral() : PlatformConfig.defaults())
        .withSecurity(secure ? PlatformSecurity.saslSsl("SCRAM-SHA-512") : PlatformSecurity.off());
    EmbeddedPlatform platform = EmbeddedPlatform.start(platformConfig);
    running.add(0, platform);
    ClientConnection kafka = platform.clientConnection();
    say("    Kafka " + kafka.bootstrapServers() + ", schema registry " + kafka.registryUrl()
        + (secure ? " (" + platform.security() + ")" : ""));
    Path clientConfig = work.resolve("client.properties");
    if (secure) {
      kafka.security().store(clientConfig);
      say("    client settings (for --client-config): " + clientConfig);
    }

    DemoUploads uploads = DemoUploads.bundled(seed);

    if (!noAlerts) {
      say("2/5 starting the moderation service (its own JVM; log " + work.resolve("alerts.log") + ") ...");
      AlertsProcess alerts = AlertsProcess.start(kafka, httpPort, work, Duration.ofSeconds(120), secure);
      running.add(0, alerts);
      publishVerdicts(uploads, kafka);
      say("    live page: " + alerts.pageUrl() + "  (open it in a browser"
          + (alerts.token() == null ? ")" : "; sign in with the token " + alerts.token() + ")"));
    } else {
      say("2/5 moderation service skipped (--no-alerts)");
    }

    if (!firstModel.isDone()) {
      say("    waiting for the first model to finish training ...");
    }
    DemoModel.Trained first = firstModel.join();
    say("3/5 starting the streaming job (local Flink, RocksDB, radius " + radius + ", model "
        + first.update().getVersion() + ") ...");
    // model updates: the demo signs them with a key of its own, which the job trusts
    KeyPair signing = ModelSigning.generateKeyPair();
    Path trustedKey = work.resolve("model-signing.pub");
    ModelSigning.writePublicKey(trustedKey, signing.getPublic());
    JobConfig config = JobConfig.defaults().with(Map.of(
        "model.trusted-keys", trustedKey.toString(),
        "model.artifact-locations", work.toUri().toString())).with(Map.of(
        "kafka.bootstrap-servers", kafka.bootstrapServers(),
        "registry.url", kafka.registryUrl(),
        "client.config", secure ? clientConfig.toString() : "",
        "checkpoint.dir", work.resolve("checkpoints").toUri().toString(),
        "checkpoint.interval", "200ms",
        "index.radius", String.valueOf(radius),
        "model.initial", first.file().toString(),
        "model.initial.sha256", first.sha256()));
    LocalJob job = LocalJob.start(config, "hashstream-demo");
    running.add(0, job);

    JobWarmUp.await(kafka, uploads, Duration.ofSeconds(180));
    say("    the job is up (encoder and model loaded)");

    AtomicInteger sent = new AtomicInteger();
    AlertMonitor monitor = new AlertMonitor(kafka, Topic.NEAR_DUPLICATES.topicName(),
        a -> say(String.format(Locale.ROOT, "    ALERT %-7s %-32s ~ %-30s distance %2d  model %s  (%d ms after upload)",
            a.getTenant(), a.getQueryId(), a.getMatchId(), a.getDistance(), shortVersion(a.getModelVersion()),
            System.currentTimeMillis() - a.getQueryUploadedAt().toEpochMilli())));
    running.add(0, monitor);
    Summary summary = new Summary(monitor, sent);
    running.add(0, summary);

    List<DemoUploads.Upload> plan = uploads.uploads();
    int total = plan.size();
    say("4/5 uploading " + total + " photos and edited copies at " + rate + "/s"
        + (noSwap ? "" : "; the second model is published after " + total / 2));
    try (Producer<String, ImageEvent> producer = DemoUploads.openProducer(kafka)) {
      long start = System.nanoTime();
      for (int i = 0; i < total; i++) {
        if (i == total / 2 && !noSwap) {
          if (!secondModel.isDone()) {
            say("    waiting for the second model to finish training ...");
          }
          DemoModel.Trained trained = secondModel.join();
          DemoModel.publish(ModelSigning.sign(trained.update(), signing.getPrivate(), signing.getPublic()),
              kafka, Duration.ofSeconds(30));
          say("    SWAP published " + trained.update().getVersion() + ": the job re-hashes its"
              + " index beside the running model, then switches (watch the alerts' model)");
          start = System.nanoTime() - (long) (i / rate * 1e9);
        }
        long due = start + (long) (i / rate * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        DemoUploads.Upload u = plan.get(i);
        producer.send(new ProducerRecord<>(Topic.IMAGES.topicName(), u.key(), uploads.event(u, Instant.now())),
            (metadata, error) -> {
              if (error != null) {
                say("    upload " + u.imageId() + " failed: " + error);
              }
            });
        sent.incrementAndGet();
      }
      producer.flush();
    }
    say("5/5 all " + total + " uploads sent; alerts keep coming as the job commits them");
    if (!exitWhenDone) {
      say("    running until Ctrl-C");
      Thread.currentThread().join();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
    while (missing(uploads, monitor) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    int missing = missing(uploads, monitor);
    summary.print();
    say(String.format(Locale.ROOT, "planted copies alerted: %d of %d; alerts by model version: %s",
        uploads.plantedPairs().size() - missing, uploads.plantedPairs().size(), monitor.alertsByVersion()));
    return missing == 0 ? 0 : 1;
  }

  /** Puts one original in a REMOVE bank and one in an ALLOW bank, so the page shows both rules. */
  private static void publishVerdicts(DemoUploads uploads, ClientConnection kafka) {
    Map<String, Object> props = kafka.clientProperties();
    List<DemoUploads.Upload> originals =
        uploads.uploads().stream().filter(u -> !u.isCopy()).toList();
    RegistryAvroSerializer<ModerationVerdict> values = new RegistryAvroSerializer<>();
    values.configure(props, false);
    try (KafkaProducer<String, ModerationVerdict> producer =
        new KafkaProducer<>(props, new StringSerializer(), values)) {
      producer.send(new ProducerRecord<>(Topic.MODERATION_VERDICTS.topicName(), originals.get(0).key(),
          verdict(originals.get(0), "known-bad", Verdict.REMOVE)));
      producer.send(new ProducerRecord<>(Topic.MODERATION_VERDICTS.topicName(), originals.get(1).key(),
          verdict(originals.get(1), "known-good", Verdict.ALLOW)));
      producer.flush();
    }
    say("    verdicts: " + originals.get(0).imageId() + " is in bank known-bad (REMOVE: copies are"
        + " blocked), " + originals.get(1).imageId() + " in known-good (ALLOW: copies never alert)");
  }

  private static ModerationVerdict verdict(DemoUploads.Upload u, String bank, Verdict verdict) {
    return ModerationVerdict.newBuilder()
        .setTenant(u.tenant())
        .setImageId(u.imageId())
        .setBank(bank)
        .setVerdict(verdict)
        .setDecidedBy("hashstream demo")
        .setDecidedAt(Instant.now())
        .build();
  }

  private static int missing(DemoUploads uploads, AlertMonitor monitor) {
    int missing = 0;
    for (DemoUploads.PlantedPair p : uploads.plantedPairs()) {
      if (!monitor.alerted(p.copyId(), p.originalId())) {
        missing++;
      }
    }
    return missing;
  }

  private static String shortVersion(String version) {
    return version.length() <= 28 ? version : version.substring(0, 28) + "…";
  }

  private static void closeAll(List<AutoCloseable> running) {
    synchronized (running) {
      for (AutoCloseable c : running) {
        try {
          c.close();
        } catch (Exception e) {
          System.err.println("while stopping: " + e);
        }
      }
      running.clear();
    }
  }

  static void say(String line) {
    System.out.println(line);
  }

  /** Prints "uploads … · alerts … · p99 … · model …" every five seconds. */
  private static final class Summary implements AutoCloseable {
    private final AlertMonitor monitor;
    private final AtomicInteger sent;
    private final long started = System.nanoTime();
    private final Thread thread;

    Summary(AlertMonitor monitor, AtomicInteger sent) {
      this.monitor = monitor;
      this.sent = sent;
      this.thread = new Thread(() -> {
        try {
          while (true) {
            Thread.sleep(5000);
            print();
          }
        } catch (InterruptedException e) {
          // stopping
        }
      }, "demo-summary");
      thread.setDaemon(true);
      thread.start();
    }

    void print() {
      double seconds = (System.nanoTime() - started) / 1e9;
      long p99 = monitor.latencyPercentile(99);
      say(String.format(Locale.ROOT, "--- uploads %d (%.1f/s) · alerts %d · p99 upload-to-alert %s · model %s",
          sent.get(), sent.get() / seconds, monitor.alerts(), p99 < 0 ? "-" : p99 + " ms",
          monitor.latestVersion().isEmpty() ? "-" : shortVersion(monitor.latestVersion())));
    }

    @Override
    public void close() {
      thread.interrupt();
    }
  }
}
