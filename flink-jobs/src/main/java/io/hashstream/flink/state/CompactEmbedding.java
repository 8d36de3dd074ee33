package io.hashstream.flink.state;

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

  /**
   * The compact form of a raw embedding. Runs once per upload on the inference side (so the
   * network between inference and the index carries 1.8 KB per upload instead of 7 KB); written as
   * plain array loops because it is on the hot path.
   */
  public static byte[] encode(float[] raw) {
    int d = raw.length;
    float max = 0f;
    for (float v : raw) {
      max = Math.max(max, Math.abs(v));
    }
    float rootMax = (float) Math.sqrt(max);
    float scale = rootMax == 0f ? 1f : rootMax / 127f;
    float inverse = 1f / scale;
    byte[] out = new byte[4 + d];
    int bits = Float.floatToRawIntBits(scale);
    out[0] = (byte) bits;
    out[1] = (byte) (bits >>> 8);
    out[2] = (byte) (bits >>> 16);
    out[3] = (byte) (bits >>> 24);
    for (int i = 0; i < d; i++) {
      float v = raw[i];
      float q = (float) Math.sqrt(Math.abs(v)) * inverse + 0.5f; // round half away from zero
      int level = Math.min(127, (int) q);
      out[4 + i] = (byte) (v < 0 ? -level : level);
    }
    return out;
  }

  /** The raw embedding a compact form stands for (approximately). */
  public static float[] decode(byte[] compact) {
    int bits = (compact[0] & 0xff) | (compact[1] & 0xff) << 8 | (compact[2] & 0xff) << 16
        | (compact[3] & 0xff) << 24;
    float scale = Float.intBitsToFloat(bits);
    float[] raw = new float[compact.length - 4];
    for (int i = 0; i < raw.length; i++) {
      float r = compact[4 + i] * scale;
      raw[i] = r < 0 ? -(r * r) : r * r;
    }
    return raw;
  }

  /** Dimensions of the embedding a compact form holds. */
  public static int dimensions(byte[] compact) {
    return compact.length - 4;
  }
}
