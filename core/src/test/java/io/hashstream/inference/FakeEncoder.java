package io.hashstream.inference;

import io.hashstream.encoder.EncoderException;
import io.hashstream.encoder.EncoderInputShape;
import io.hashstream.encoder.ImageEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic stand-in encoder for 4×4 RGB inputs: the embedding is the 48 input values plus
 * their sum. An input whose first value is exactly {@link #POISON} makes any batch holding it throw
 * (as an engine failure would); one whose first red value is {@link #NAN_TRIGGER} embeds as NaN.
 * Records batch sizes. Not thread-safe (tests only).
 */
class FakeEncoder implements ImageEncoder {
  static final EncoderInputShape SHAPE = EncoderInputShape.rgbNchw(4, 4);
  static final int SIZE = SHAPE.valuesPerImage() + 1;
  /** Red value of the top-left pixel that makes a batch fail. */
  static final int POISON = 1;
  /** Red value of the top-left pixel that embeds as NaN. */
  static final int NAN_TRIGGER = 2;

  final List<Integer> batchSizes = new ArrayList<>();
  boolean closed;

  @Override
  public String encoderId() {
    return "fake-encoder";
  }

  @Override
  public int embeddingSize() {
    return SIZE;
  }

  @Override
  public EncoderInputShape inputShape() {
    return SHAPE;
  }

  @Override
  public float[][] encode(float[] batch, int batchSize) {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    batchSizes.add(batchSize);
    int per = SHAPE.valuesPerImage();
    float[][] out = new float[batchSize][SIZE];
    for (int i = 0; i < batchSize; i++) {
      if (firstRed(batch, i * per) == POISON) {
        throw new EncoderException("fake engine failure");
      }
      float sum = 0;
      for (int j = 0; j < per; j++) {
        out[i][j] = batch[i * per + j];
        sum += batch[i * per + j];
      }
      out[i][per] = firstRed(batch, i * per) == NAN_TRIGGER ? Float.NaN : sum;
    }
    return out;
  }

  private static int firstRed(float[] batch, int at) {
    return Math.round(batch[at] * 255);
  }

  @Override
  public void close() {
    closed = true;
  }
}
