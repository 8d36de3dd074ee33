package io.hashstream.demo;

import io.hashstream.image.CopyTransform;
import io.hashstream.image.ImageDecodeException;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.ImageFileWriter;
import io.hashstream.image.RgbImage;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.security.ClientConnection;
import io.hashstream.schemas.kafka.RegistryAvroSerde;
import io.hashstream.schemas.kafka.RegistryAvroSerializer;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The demo's upload stream: every bundled photo ({@link DemoPhotos}) uploaded once as an original,
 * plus near-duplicate copies of it made with {@link CopyTransform}s, spread over the tenants
 * {@link #TENANTS}, so that the running job has planted pairs to alert on.
 *
 * <p><b>The plan</b> ({@link #plan}) is a pure function of the photo names, the seed and the
 * {@link Settings}: the seed shuffles the order of the originals (which also decides each photo's
 * tenant: alternately {@code acme} and {@code globex} in that order), picks each photo's
 * transforms among {@link #TRANSFORMS}, and shuffles uploads that fall in the same step. A copy
 * goes to its original's tenant and is uploaded {@code gap · (k + 1)} steps after it (k = 0, 1, …
 * for its copies), so originals always come first and at least {@code gap - 1} uploads of other
 * photos lie between an original and each copy. Ids: {@code photo-NN} for the photo on row NN of
 * the index (stable across seeds), {@code photo-NN-copy-<transform>} for a copy, e.g. {@code
 * photo-07-copy-jpeg-quality-20}. Ids are unique across tenants as well.
 *
 * <p><b>The transforms</b> are the mild ones the demo's models ({@link DemoModel}, trained on these
 * photos) map within a few bits of the original: measured on the 16 bundled photos, every copy made
 * with {@link #TRANSFORMS} is within {@value #SUGGESTED_RADIUS} bits of its original (most within
 * 1), while two different photos are at least 18 bits apart; see {@code DemoCopyDistanceTest} and
 * the demo photos' {@code PROVENANCE.md}. The job's alert radius for the demo should be {@value
 * #SUGGESTED_RADIUS} to 8 bits.
 *
 * <p><b>Bytes.</b> Originals are sent as the bundled JPEG files; a copy is the decoded photo with
 * the transform applied, re-encoded as JPEG quality {@value #COPY_JPEG_QUALITY} (what a re-uploader
 * would post). Every copy is rendered once, when the instance is built (well under a second per
 * copy), and kept in memory (under 2 MB for the default plan).
 *
 * <p><b>Sending</b> ({@link #send}): one {@link ImageEvent} per planned upload with {@code
 * imageBytes}, {@code contentType = image/jpeg} and {@code uploadedAt} = the send time, keyed
 * {@code tenant/imageId} (UTF-8), at a fixed rate, with a callback per acknowledged (or failed)
 * upload.
 *
 * <p>Immutable after construction; {@link #send} may run on any one thread at a time per
 * producer.
 */
public final class DemoUploads {
  /** The demo's tenants; a photo and all its copies belong to one of them. */
  public static final List<String> TENANTS = List.of("acme", "globex");

  /**
   * The copy edits the demo draws from: re-encoding, mirroring, brightness, a centre crop, grey,
   * a caption. All keep the demo models' codes within {@value #SUGGESTED_RADIUS} bits for every
   * bundled photo.
   */
  public static final List<CopyTransform> TRANSFORMS =
      List.of(
          CopyTransform.JPEG_QUALITY_20,
          CopyTransform.HORIZONTAL_FLIP,
          CopyTransform.BRIGHTNESS,
          CopyTransform.CENTER_CROP,
          CopyTransform.GRAYSCALE,
          CopyTransform.CAPTION);

  /** Hamming radius (64-bit demo models) within which every planted copy lies. */
  public static final int SUGGESTED_RADIUS = 4;

  /** JPEG quality copies are encoded at (ImageIO scale, 0 to 1). */
  public static final float COPY_JPEG_QUALITY = 0.9f;

  /** The content type every upload declares. */
  public static final String CONTENT_TYPE = "image/jpeg";

  /**
   * How the plan is drawn.
   *
   * @param seed shuffles order, tenants and transforms
   * @param copiesPerPhoto copies of each photo, 0 to {@code TRANSFORMS.size()}
   * @param gap steps between an original and its first copy (and between consecutive copies), at
   *     least 2 and less than the number of photos
   */
  public record Settings(long seed, int copiesPerPhoto, int gap) {
    /** Checks the ranges that do not depend on the photos. */
    public Settings {
      if (copiesPerPhoto < 0 || copiesPerPhoto > TRANSFORMS.size()) {
        throw new IllegalArgumentException(
            "copiesPerPhoto must be 0.." + TRANSFORMS.size() + ": " + copiesPerPhoto);
      }
      if (gap < 2) {
        throw new IllegalArgumentException("gap must be at least 2: " + gap);
      }
    }

    /**
     * Two copies per photo, a gap of 3 (48 uploads for the 16 bundled photos).
     *
     * @param seed the seed
     * @return the settings
     */
    public static Settings defaults(long seed) {
      return new Settings(seed, 2, 3);
    }
  }

  /**
   * One planned upload.
   *
   * @param position its place in the stream, from 0
   * @param imageId unique id, {@code photo-NN} or {@code photo-NN-copy-<transform>}
   * @param tenant one of {@link #TENANTS}
   * @param photo the bundled photo's file name, e.g. {@code chelsea.jpg}
   * @param transform the edit for a copy; null for an original
   * @param duplicateOf for a copy, the imageId of its original; null for an original
   */
  public record Upload(
      int position,
      String imageId,
      String tenant,
      String photo,
      CopyTransform transform,
      String duplicateOf) {
    /**
     * Whether this is a planted copy.
     *
     * @return true for a copy
     */
    public boolean isCopy() {
      return transform != null;
    }

    /**
     * The Kafka key, {@code tenant/imageId}.
     *
     * @return the key
     */
    public String key() {
      return tenant + "/" + imageId;
    }
  }

  /**
   * A near-duplicate pair the job should report: a copy and the original it was made from.
   *
   * @param tenant the tenant both were uploaded to
   * @param originalId the original's imageId (uploaded first)
   * @param copyId the copy's imageId
   * @param photo the photo both show
   * @param transform the edit
   */
  public record PlantedPair(
      String tenant, String originalId, String copyId, String photo, CopyTransform transform) {}

  /** Called once per upload when the broker has acknowledged it, or it failed. */
  @FunctionalInterface
  public interface SendListener {
    /**
     * One upload is done.
     *
     * @param upload what was planned
     * @param event what was sent
     * @param metadata where it was written, or null if it failed
     * @param error why it failed, or null
     */
    void onSent(Upload upload, ImageEvent event, RecordMetadata metadata, Exception error);
  }

  /**
   * What a {@link #send} did.
   *
   * @param sent uploads handed to the producer
   * @param acknowledged uploads the broker acknowledged
   * @param failed uploads that failed
   */
  public record SendSummary(int sent, int acknowledged, int failed) {}

  private final List<Upload> uploads;
  private final Map<String, byte[]> bytesById;

  private DemoUploads(List<Upload> uploads, Map<String, byte[]> bytesById) {
    this.uploads = uploads;
    this.bytesById = bytesById;
  }

  /**
   * The demo's stream over the bundled photos with {@link Settings#defaults}.
   *
   * @param seed the seed
   * @return the uploads, copies rendered
   */
  public static DemoUploads bundled(long seed) {
    return of(DemoPhotos.load(), Settings.defaults(seed));
  }

  /**
   * A stream over the given photos: plans it and renders every copy.
   *
   * @param photos the photos (their order numbers them)
   * @param settings how to plan
   * @return the uploads
   * @throws IllegalArgumentException if a photo does not decode, or the plan is impossible
   */
  public static DemoUploads of(List<DemoPhotos.Photo> photos, Settings settings) {
    List<String> files = photos.stream().map(DemoPhotos.Photo::file).toList();
    List<Upload> plan = plan(files, settings);
    Map<String, DemoPhotos.Photo> byFile = new HashMap<>();
    for (DemoPhotos.Photo p : photos) {
      byFile.put(p.file(), p);
    }
    ImageDecoder decoder = ImageDecoder.withDefaults();
    Map<String, RgbImage> decoded = new HashMap<>();
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    for (Upload u : plan) {
      DemoPhotos.Photo photo = byFile.get(u.photo());
      if (!u.isCopy()) {
        bytes.put(u.imageId(), photo.bytes());
        continue;
      }
      RgbImage original =
          decoded.computeIfAbsent(
              photo.file(),
              f -> {
                try {
                  return decoder.decode(photo.bytes());
                } catch (ImageDecodeException e) {
                  throw new IllegalArgumentException(
                      "demo photo " + f + " does not decode: " + e.reason(), e);
                }
              });
      bytes.put(u.imageId(), ImageFileWriter.jpeg(u.transform().apply(original), COPY_JPEG_QUALITY));
    }
    return new DemoUploads(plan, bytes);
  }

  /**
   * Plans the stream; pure and deterministic for the same photos and settings.
   *
   * @param photos the photos' file names, in index order (row NN gives {@code photo-NN})
   * @param settings how to plan
   * @return the uploads in send order, positions 0, 1, …
   * @throws IllegalArgumentException if names repeat or there are not more photos than the gap
   */
  public static List<Upload> plan(List<String> photos, Settings settings) {
    int n = photos.size();
    if (n <= settings.gap()) {
      throw new IllegalArgumentException(
          "need more photos (" + n + ") than the gap (" + settings.gap() + ")");
    }
    if (photos.stream().distinct().count() != n) {
      throw new IllegalArgumentException("photo names repeat: " + photos);
    }
    SplittableRandom random = new SplittableRandom(settings.seed());
    int[] order = shuffled(n, random);
    List<List<CopyTransform>> transforms = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int[] pick = shuffled(TRANSFORMS.size(), random);
      List<CopyTransform> chosen = new ArrayList<>();
      for (int k = 0; k < settings.copiesPerPhoto(); k++) {
        chosen.add(TRANSFORMS.get(pick[k]));
      }
      transforms.add(chosen);
    }
    int gap = settings.gap();
    int steps = n + settings.copiesPerPhoto() * gap;
    List<Upload> out = new ArrayList<>();
    for (int step = 0; step < steps; step++) {
      List<Upload> here = new ArrayList<>();
      if (step < n) {
        here.add(original(photos, order[step], tenantAt(step)));
      }
      for (int k = 0; k < settings.copiesPerPhoto(); k++) {
        int slot = step - gap * (k + 1);
        if (slot >= 0 && slot < n) {
          int photo = order[slot];
          here.add(copy(photos, photo, tenantAt(slot), transforms.get(photo).get(k)));
        }
      }
      int[] within = shuffled(here.size(), random);
      for (int i : within) {
        Upload u = here.get(i);
        out.add(
            new Upload(
                out.size(), u.imageId(), u.tenant(), u.photo(), u.transform(), u.duplicateOf()));
      }
    }
    return List.copyOf(out);
  }

  /**
   * The planted pairs of a plan: one per copy, in the plan's order.
   *
   * @param plan a plan
   * @return the pairs
   */
  public static List<PlantedPair> plantedPairs(List<Upload> plan) {
    return plan.stream()
        .filter(Upload::isCopy)
        .map(u -> new PlantedPair(u.tenant(), u.duplicateOf(), u.imageId(), u.photo(), u.transform()))
        .toList();
  }

  /**
   * The id part of a transform, e.g. {@code jpeg-quality-20} for {@link
   * CopyTransform#JPEG_QUALITY_20}.
   *
   * @param transform the transform
   * @return lower case, words joined by {@code -}
   */
  public static String slug(CopyTransform transform) {
    return transform.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The planned uploads, in send order.
   *
   * @return the plan
   */
  public List<Upload> uploads() {
    return uploads;
  }

  /**
   * The planted pairs (one per copy).
   *
   * @return the pairs
   */
  public List<PlantedPair> plantedPairs() {
    return plantedPairs(uploads);
  }

  /**
   * The file an upload sends.
   *
   * @param upload a planned upload of this instance
   * @return a copy of its JPEG bytes
   */
  public byte[] bytes(Upload upload) {
    return bytesOf(upload).clone();
  }

  /**
   * The event for an upload.
   *
   * @param upload a planned upload of this instance
   * @param uploadedAt its event time
   * @return the event, with imageBytes set (wrapping a copy of the bytes)
   */
  public ImageEvent event(Upload upload, Instant uploadedAt) {
    return ImageEvent.newBuilder()
        .setImageId(upload.imageId())
        .setTenant(upload.tenant())
        .setUploadedAt(uploadedAt)
        .setContentType(CONTENT_TYPE)
        .setImageBytes(ByteBuffer.wrap(bytes(upload)))
        .setImageUri(null)
        .setEmbedding(null)
        .build();
  }

  /**
   * A producer for {@link #send}: String keys, {@link RegistryAvroSerializer} values against the
   * registry, {@code acks=all}, idempotent.
   *
   * @param kafka where Kafka and the registry are, with the client security settings
   * @return the producer, which the caller closes
   */
  public static Producer<String, ImageEvent> openProducer(ClientConnection kafka) {
    Map<String, Object> config = kafka.clientProperties();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    RegistryAvroSerializer<ImageEvent> values = new RegistryAvroSerializer<>();
    values.configure(config, false);
    return new KafkaProducer<>(config, new StringSerializer(), values);
  }

  /**
   * Sends every planned upload to {@link Topic#IMAGES}; see {@link #send(Producer, String, double,
   * Clock, SendListener)}.
   *
   * @param producer the producer (not closed here)
   * @param uploadsPerSecond the rate; 0 or less sends as fast as the producer takes them
   * @param listener called per upload
   * @return counts
   * @throws InterruptedException if interrupted while pacing (uploads already sent stay sent)
   */
  public SendSummary send(
      Producer<String, ImageEvent> producer, double uploadsPerSecond, SendListener listener)
      throws InterruptedException {
    return send(producer, Topic.IMAGES.topicName(), uploadsPerSecond, Clock.systemUTC(), listener);
  }

  /**
   * Sends every planned upload in order, upload {@code i} no earlier than {@code i /
   * uploadsPerSecond} seconds after the first, with {@code uploadedAt} = the clock's time when it
   * is handed to the producer, key {@code tenant/imageId}. Failures the producer reports through
   * its callback (broker errors, delivery time-outs) do not stop the loop: they reach the listener
   * (on the producer's I/O thread, like successes) and the summary. An exception the producer
   * throws from {@code send} itself (the serializer cannot reach the registry, the producer is
   * closed) ends the loop and propagates. Flushes the producer before returning, so every listener
   * call has happened by then.
   *
   * @param producer the producer (not closed here)
   * @param topic the topic
   * @param uploadsPerSecond the rate; 0 or less sends as fast as the producer takes them
   * @param clock gives {@code uploadedAt}
   * @param listener called once per upload; must be quick and thread-safe
   * @return counts
   * @throws InterruptedException if interrupted while pacing (uploads already sent stay sent)
   */
  public SendSummary send(
      Producer<String, ImageEvent> producer,
      String topic,
      double uploadsPerSecond,
      Clock clock,
      SendListener listener)
      throws InterruptedException {
    Objects.requireNonNull(listener, "listener");
    AtomicInteger acknowledged = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    long start = System.nanoTime();
    int sent = 0;
    try {
      for (Upload upload : uploads) {
        if (Thread.interrupted()) {
          throw new InterruptedException("demo uploads interrupted after " + sent);
        }
        if (uploadsPerSecond > 0) {
          long wait = start + (long) (sent * 1e9 / uploadsPerSecond) - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
        ImageEvent event = event(upload, clock.instant());
        producer.send(
            new ProducerRecord<>(topic, upload.key(), event),
            (metadata, error) -> {
              if (error == null) {
                acknowledged.incrementAndGet();
              } else {
                failed.incrementAndGet();
              }
              listener.onSent(upload, event, error == null ? metadata : null, error);
            });
        sent++;
      }
    } finally {
      producer.flush();
    }
    return new SendSummary(sent, acknowledged.get(), failed.get());
  }

  private byte[] bytesOf(Upload upload) {
    byte[] b = bytesById.get(upload.imageId());
    if (b == null) {
      throw new IllegalArgumentException("not an upload of this stream: " + upload.imageId());
    }
    return b;
  }

  private static String tenantAt(int slot) {
    return TENANTS.get(slot % TENANTS.size());
  }

  private static String idOf(int photo) {
    return String.format(Locale.ROOT, "photo-%02d", photo + 1);
  }

  private static Upload original(List<String> photos, int photo, String tenant) {
    return new Upload(-1, idOf(photo), tenant, photos.get(photo), null, null);
  }

  private static Upload copy(
      List<String> photos, int photo, String tenant, CopyTransform transform) {
    return new Upload(
        -1,
        idOf(photo) + "-copy-" + slug(transform),
        tenant,
        photos.get(photo),
        transform,
        idOf(photo));
  }

  /** A permutation of 0..n-1 (Fisher–Yates). */
  private static int[] shuffled(int n, SplittableRandom random) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
