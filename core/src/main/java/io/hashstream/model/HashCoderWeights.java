package io.hashstream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The numbers of one trained {@link HashCoderBlock}, as plain float arrays: what a model artifact
 * stores and what is copied into a block to run it. Engine-independent, so the artifact format does
 * not depend on DJL's own parameter encoding.
 *
 * <p>Immutable: arrays are copied in and out. Equality is exact (bit for bit), which is what the
 * determinism tests compare. Footprint: {@code 4(h·d + h + bits·h + 5·bits)} bytes, where {@code h}
 * is the hidden width ({@code d} in the paper and in every model before it became a setting).
 */
public final class HashCoderWeights {
  /** The tensors, in artifact order. Linear weights are {@code [out, in]}, row-major, like torch. */
  public enum Tensor {
    /** First Linear weight, {@code [h, d]}. */
    HIDDEN_WEIGHT("hidden.weight"),
    /** First Linear bias, {@code [h]}. */
    HIDDEN_BIAS("hidden.bias"),
    /** Second Linear weight, {@code [bits, h]}. */
    OUTPUT_WEIGHT("output.weight"),
    /** Second Linear bias, {@code [bits]}. */
    OUTPUT_BIAS("output.bias"),
    /** BatchNorm scale γ, {@code [bits]}. */
    BN_GAMMA("batchnorm.gamma"),
    /** BatchNorm shift β, {@code [bits]}. */
    BN_BETA("batchnorm.beta"),
    /** BatchNorm running mean, {@code [bits]}. */
    BN_RUNNING_MEAN("batchnorm.running_mean"),
    /** BatchNorm running (unbiased) variance, {@code [bits]}. */
    BN_RUNNING_VAR("batchnorm.running_var");

    private final String storedName;

    Tensor(String storedName) {
      this.storedName = storedName;
    }

    /**
     * The name stored in the artifact.
     *
     * @return the name, e.g. {@code hidden.weight}
     */
    public String storedName() {
      return storedName;
    }

    /**
     * The tensor's shape for a given block size.
     *
     * @param embeddingSize d
     * @param hiddenWidth h
     * @param bits code length
     * @return the dimensions
     */
    public int[] shape(int embeddingSize, int hiddenWidth, int bits) {
      return switch (this) {
        case HIDDEN_WEIGHT -> new int[] {hiddenWidth, embeddingSize};
        case HIDDEN_BIAS -> new int[] {hiddenWidth};
        case OUTPUT_WEIGHT -> new int[] {bits, hiddenWidth};
        default -> new int[] {bits};
      };
    }

    int size(int embeddingSize, int hiddenWidth, int bits) {
      int size = 1;
      for (int dim : shape(embeddingSize, hiddenWidth, bits)) {
        size = Math.multiplyExact(size, dim);
      }
      return size;
    }

    private Block owner(HashCoderBlock block) {
      return switch (this) {
        case HIDDEN_WEIGHT, HIDDEN_BIAS -> block.hidden();
        case OUTPUT_WEIGHT, OUTPUT_BIAS -> block.output();
        default -> block.batchNorm();
      };
    }

    private String djlName() {
      return switch (this) {
        case HIDDEN_WEIGHT, OUTPUT_WEIGHT -> "weight";
        case HIDDEN_BIAS, OUTPUT_BIAS -> "bias";
        case BN_GAMMA -> "gamma";
        case BN_BETA -> "beta";
        case BN_RUNNING_MEAN -> "runningMean";
        case BN_RUNNING_VAR -> "runningVar";
      };
    }

    NDArray array(HashCoderBlock block) {
      return owner(block).getParameters().get(djlName()).getArray();
    }
  }

  private final int embeddingSize;
  private final int hiddenWidth;
  private final int bits;
  private final EnumMap<Tensor, float[]> values;

  private HashCoderWeights(
      int embeddingSize, int hiddenWidth, int bits, EnumMap<Tensor, float[]> values) {
    this.embeddingSize = embeddingSize;
    this.hiddenWidth = hiddenWidth;
    this.bits = bits;
    this.values = values;
  }

  /**
   * Weights of the paper's block, whose hidden layer is as wide as its input ({@code h = d}).
   *
   * @param embeddingSize d
   * @param bits code length
   * @param tensors one row-major array per {@link Tensor}; copied
   * @return the weights
   * @throws IllegalArgumentException if a tensor is missing, has the wrong size or a bad value
   */
  public static HashCoderWeights of(int embeddingSize, int bits, Map<Tensor, float[]> tensors) {
    return of(embeddingSize, embeddingSize, bits, tensors);
  }

  /**
   * Creates weights from arrays, checking every size and that every value is finite (and every
   * running variance non-negative).
   *
   * @param embeddingSize d
   * @param hiddenWidth h, the first layer's output width
   * @param bits code length
   * @param tensors one row-major array per {@link Tensor}; copied
   * @return the weights
   * @throws IllegalArgumentException if a tensor is missing, has the wrong size or a bad value
   */
  public static HashCoderWeights of(
      int embeddingSize, int hiddenWidth, int bits, Map<Tensor, float[]> tensors) {
    if (embeddingSize < 1 || hiddenWidth < 1 || bits < 1) {
      throw new IllegalArgumentException(
          "embeddingSize, hiddenWidth and bits must be >= 1: "
              + embeddingSize + ", " + hiddenWidth + ", " + bits);
    }
    EnumMap<Tensor, float[]> copy = new EnumMap<>(Tensor.class);
    for (Tensor t : Tensor.values()) {
      float[] v = tensors.get(t);
      if (v == null) {
        throw new IllegalArgumentException("tensor " + t.storedName() + " is missing");
      }
      int expected = t.size(embeddingSize, hiddenWidth, bits);
      if (v.length != expected) {
        throw new IllegalArgumentException(
            "tensor " + t.storedName() + " has " + v.length + " values, expected " + expected);
      }
      for (float x : v) {
        if (!Float.isFinite(x) || (t == Tensor.BN_RUNNING_VAR && x < 0)) {
          throw new IllegalArgumentException("tensor " + t.storedName() + " has the value " + x);
        }
      }
      copy.put(t, v.clone());
    }
    return new HashCoderWeights(embeddingSize, hiddenWidth, bits, copy);
  }

  /**
   * Copies the current parameters (including the BatchNorm running statistics) out of an
   * initialised block. Cost: one copy of every parameter.
   *
   * @param block an initialised block
   * @return the weights
   */
  public static HashCoderWeights copyOf(HashCoderBlock block) {
    EnumMap<Tensor, float[]> tensors = new EnumMap<>(Tensor.class);
    for (Tensor t : Tensor.values()) {
      tensors.put(t, t.array(block).toFloatArray());
    }
    return of(block.embeddingSize(), block.hiddenWidth(), block.bits(), tensors);
  }

  /**
   * Overwrites the parameters of an initialised block of the same size with these weights.
   *
   * @param block an initialised block with the same d, h and bits
   * @throws IllegalArgumentException if the block's size differs
   */
  public void copyInto(HashCoderBlock block) {
    if (block.embeddingSize() != embeddingSize
        || block.hiddenWidth() != hiddenWidth
        || block.bits() != bits) {
      throw new IllegalArgumentException(
          "block is " + shapeLabel(block.embeddingSize(), block.hiddenWidth(), block.bits())
              + ", weights are " + shapeLabel(embeddingSize, hiddenWidth, bits));
    }
    for (Tensor t : Tensor.values()) {
      t.array(block).set(values.get(t));
    }
  }

  /**
   * The input width.
   *
   * @return d
   */
  public int embeddingSize() {
    return embeddingSize;
  }

  /**
   * The hidden layer's width: the first Linear maps d to h.
   *
   * @return h ({@code d} for the paper's block)
   */
  public int hiddenWidth() {
    return hiddenWidth;
  }

  /**
   * The code length.
   *
   * @return bits
   */
  public int bits() {
    return bits;
  }

  /**
   * One tensor's values.
   *
   * @param tensor which tensor
   * @return a row-major copy
   */
  public float[] get(Tensor tensor) {
    return values.get(tensor).clone();
  }

  /**
   * The same block with some tensors replaced (same sizes), e.g. new BatchNorm statistics.
   *
   * @param replaced new values of some tensors; copied
   * @return the new weights
   * @throws IllegalArgumentException if a replacement has the wrong size or a bad value
   */
  public HashCoderWeights with(Map<Tensor, float[]> replaced) {
    Map<Tensor, float[]> tensors = new EnumMap<>(values);
    tensors.putAll(replaced);
    return of(embeddingSize, hiddenWidth, bits, tensors);
  }

  /**
   * The same HashCoder with its output bits reordered: bit {@code b} of the result is bit {@code
   * order[b]} of this one (its output row, bias and BatchNorm entries move together). Every code of
   * the result is that permutation of this one's code, so distances between two images stay the
   * same while codes of the two models do not compare: what swap tests and benchmarks need from a
   * second model.
   *
   * @param order a permutation of {@code 0..bits-1}
   */
  public HashCoderWeights withOutputsReordered(int[] order) {
    if (order.length != bits) {
      throw new IllegalArgumentException("order has " + order.length + " entries, the model " + bits + " bits");
    }
    boolean[] seen = new boolean[bits];
    for (int o : order) {
      if (o < 0 || o >= bits || seen[o]) {
        throw new IllegalArgumentException("order is not a permutation of 0.." + (bits - 1));
      }
      seen[o] = true;
    }
    int h = hiddenWidth;
    Map<Tensor, float[]> tensors = new EnumMap<>(Tensor.class);
    for (Tensor t : Tensor.values()) {
      float[] source = values.get(t);
      float[] out = source.clone();
      switch (t) {
        case OUTPUT_WEIGHT -> {
          for (int b = 0; b < bits; b++) {
            System.arraycopy(source, order[b] * h, out, b * h, h);
          }
        }
        case OUTPUT_BIAS, BN_GAMMA, BN_BETA, BN_RUNNING_MEAN, BN_RUNNING_VAR -> {
          for (int b = 0; b < bits; b++) {
            out[b] = source[order[b]];
          }
        }
        default -> {}
      }
      tensors.put(t, out);
    }
    return of(embeddingSize, hiddenWidth, bits, tensors);
  }

  /** The stored array itself, for the codec (which only reads it). */
  float[] view(Tensor tensor) {
    return values.get(tensor);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof HashCoderWeights w)
        || w.embeddingSize != embeddingSize
        || w.hiddenWidth != hiddenWidth
        || w.bits != bits) {
      return false;
    }
    for (Tensor t : Tensor.values()) {
      if (!Arrays.equals(values.get(t), w.values.get(t))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = (embeddingSize * 31 + hiddenWidth) * 31 + bits;
    for (Tensor t : Tensor.values()) {
      hash = hash * 31 + Arrays.hashCode(values.get(t));
    }
    return hash;
  }

  @Override
  public String toString() {
    return "HashCoderWeights[" + shapeLabel(embeddingSize, hiddenWidth, bits) + "]";
  }

  private static String shapeLabel(int d, int h, int bits) {
    return d + " -> " + h + " -> " + bits;
  }
}
