package io.hashstream.schemas;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts between {@code float[]} and the little-endian float32 bytes of {@link Embedding#getVector()},
 * and checks that the two size fields agree.
 */
public final class EmbeddingVectors {
  private EmbeddingVectors() {}

  /** An {@link Embedding} holding a copy of {@code vector}. */
  public static Embedding of(String encoderId, float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(vector);
    return Embedding.newBuilder()
        .setEncoderId(encoderId)
        .setDimensions(vector.length)
        .setVector(bytes)
        .build();
  }

  /**
   * The vector of {@code embedding} as floats.
   *
   * @throws IllegalArgumentException if the byte length is not {@code dimensions * 4}; callers
   *     turn it into a {@code WRONG_EMBEDDING_SIZE} dead letter
   */
  public static float[] toFloats(Embedding embedding) {
    ByteBuffer bytes = embedding.getVector().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int dims = embedding.getDimensions();
    if (dims < 0 || bytes.remaining() != (long) dims * Float.BYTES) {
      throw new IllegalArgumentException(
          "embedding declares " + dims + " dimensions but carries " + bytes.remaining()
              + " bytes (expected " + (long) dims * Float.BYTES + ")");
    }
    float[] out = new float[dims];
    bytes.asFloatBuffer().get(out);
    return out;
  }
}
