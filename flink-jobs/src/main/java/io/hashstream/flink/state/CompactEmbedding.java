package io.hashstream.flink.state;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The form in which the index keeps each item's raw embedding, so that a new model version can
 * re-hash every indexed item without the image or the encoder: one signed 8-bit value per
 * dimension of the signed square root of the embedding, with one float scale per vector ({@code 4 +
 * d} bytes: 1,796 bytes for the bundled encoder's 1792-d embeddings, a quarter of float32).
 *
 * <p>Why the square root: every model applies a signed square root first (see {@code
 * EmbeddingPostprocessor}), so quantising in that domain spends the 8 bits where the model looks;
 * the error after post-processing is at most half a step of {@code max|sqrt(x)| / 127} per value,
 * which flips a code bit only for logits within that distance of zero (measured in {@code
 * CompactEmbeddingTest}).
 *
 * <p>Stateless; static methods only.
 */
public final class CompactEmbedding {
  private CompactEmbedding() {}

  /** The compact form of a raw embedding. */
  public static byte[] encode(float[] raw) {
    int d = raw.length;
    float max = 0f;
    float[] roots = new float[d];
    for (int i = 0; i < d; i++) {
      float r = (float) Math.sqrt(Math.abs(raw[i]));
      roots[i] = raw[i] < 0 ? -r : r;
      max = Math.max(max, r);
    }
    float scale = max == 0f ? 1f : max / 127f;
    ByteBuffer out = ByteBuffer.allocate(4 + d).order(ByteOrder.LITTLE_ENDIAN);
    out.putFloat(scale);
    for (int i = 0; i < d; i++) {
      out.put((byte) Math.round(roots[i] / scale));
    }
    return out.array();
  }

  /** The raw embedding a compact form stands for (approximately). */
  public static float[] decode(byte[] compact) {
    ByteBuffer in = ByteBuffer.wrap(compact).order(ByteOrder.LITTLE_ENDIAN);
    float scale = in.getFloat();
    float[] raw = new float[compact.length - 4];
    for (int i = 0; i < raw.length; i++) {
      float r = in.get() * scale;
      raw[i] = r < 0 ? -(r * r) : r * r;
    }
    return raw;
  }

  /** Dimensions of the embedding a compact form holds. */
  public static int dimensions(byte[] compact) {
    return compact.length - 4;
  }
}
