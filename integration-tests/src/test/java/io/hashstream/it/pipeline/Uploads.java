package io.hashstream.it.pipeline;

import io.hashstream.code.CodeLength;
import io.hashstream.code.Hamming;
import io.hashstream.encoder.BundledEncoder;
import io.hashstream.schemas.EmbeddingVectors;
import io.hashstream.schemas.ImageEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/** Upload events of the tests, and the alerts brute force expects for them. */
final class Uploads {
  private Uploads() {}

  /** One good upload: what was sent, and the raw embedding its code must come from. */
  record Sent(String tenant, String imageId, float[] embedding) {}

  static ImageEvent.Builder base(String tenant, String imageId) {
    return ImageEvent.newBuilder()
        .setTenant(tenant)
        .setImageId(imageId)
        .setUploadedAt(Instant.now());
  }

  static ImageEvent withEmbedding(String tenant, String imageId, float[] embedding) {
    return base(tenant, imageId)
        .setEmbedding(EmbeddingVectors.of(BundledEncoder.ENCODER_ID, embedding))
        .build();
  }

  static ImageEvent withBytes(String tenant, String imageId, byte[] bytes) {
    return base(tenant, imageId).setImageBytes(ByteBuffer.wrap(bytes)).build();
  }

  static ImageEvent withUri(String tenant, String imageId, String uri) {
    return base(tenant, imageId).setImageUri(uri).build();
  }

  /** The embedding scaled by a random factor within ±{@code relative} per value (a re-encode). */
  static float[] jitter(float[] embedding, double relative, long seed) {
    Random random = new Random(seed);
    float[] out = embedding.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= (float) (1 + relative * (2 * random.nextDouble() - 1));
    }
    return out;
  }

  /**
   * The alerts brute force expects, as "query -> match", when {@code later} are uploaded after
   * every upload of {@code earlier} has been indexed (uploads within {@code later} are assumed
   * not to match each other; callers check that through {@link #pairsWithin}).
   */
  static Set<String> expectedAlerts(
      List<Sent> earlier, List<Sent> later, Map<String, long[]> codes, int radius) {
    Set<String> out = new TreeSet<>();
    for (Sent q : later) {
      for (Sent m : earlier) {
        if (q.tenant().equals(m.tenant())
            && distance(codes.get(q.imageId()), codes.get(m.imageId())) <= radius) {
          out.add(q.imageId() + " -> " + m.imageId());
        }
      }
    }
    return out;
  }

  /** Unordered pairs of one tenant within {@code radius} inside one list. */
  static Set<String> pairsWithin(List<Sent> uploads, Map<String, long[]> codes, int radius) {
    Set<String> out = new TreeSet<>();
    for (int i = 0; i < uploads.size(); i++) {
      for (int j = i + 1; j < uploads.size(); j++) {
        Sent a = uploads.get(i);
        Sent b = uploads.get(j);
        if (a.tenant().equals(b.tenant())
            && distance(codes.get(a.imageId()), codes.get(b.imageId())) <= radius) {
          out.add(a.imageId() + " ~ " + b.imageId());
        }
      }
    }
    return out;
  }

  static int distance(long[] a, long[] b) {
    return Hamming.distance(CodeLength.ofBits(64), a, 0, b, 0);
  }

  static List<Sent> concat(List<Sent> a, List<Sent> b) {
    List<Sent> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
