package io.hashstream.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/**
 * The CroVCA HashCoder ("small" variant of the paper's code): {@code Linear(d -> h) -> ReLU ->
 * Linear(h -> bits) -> BatchNorm1d(bits)}. The paper has {@code h = d} (768 or 1024 there, 1792
 * with the bundled encoder); a narrower hidden layer costs proportionally less per upload, which
 * is why {@code h} is a hyper-parameter recorded in the model artifact. Its output is one real logit per bit; the code is {@code
 * logit > 0}, which is applied elsewhere ({@link HashCoderSession}): this block is architecture and
 * initialisation only, with no thresholding, packing, IO or version metadata.
 *
 * <p>Exactly as the paper's PyTorch code:
 *
 * <ul>
 *   <li>Both Linear layers have a bias. Their weights are drawn from a normal distribution with
 *       standard deviation {@value #INIT_STD}, truncated to [{@code -2}, {@code 2}] in absolute
 *       value (torch's {@code trunc_normal_} defaults, so in practice a plain N(0, 0.02²)); biases
 *       start at 0. The draw uses a {@link java.util.Random} seeded with the constructor's seed, in
 *       parameter order, so the initial weights depend on the seed only (not on the engine).
 *   <li>The BatchNorm is affine (γ = 1, β = 0 at start), ε = {@value #BATCH_NORM_EPSILON}, and
 *       updates its running statistics as torch does with momentum 0.1: {@code running = 0.9 *
 *       running + 0.1 * batch} (DJL's momentum is the weight of the old value, hence {@value
 *       #DJL_BATCH_NORM_MOMENTUM}). The running variance takes the unbiased batch variance. In
 *       training mode it normalises with batch statistics, in inference mode with the running ones.
 * </ul>
 *
 * <p>Cost of a forward pass over n rows: about {@code 2n(d·h + h·bits)} floating-point operations;
 * parameters {@code h·d + h + bits·h + 5·bits} floats (12.9 MB for d = h = 1792, 64 bits).
 *
 * <p>Not thread-safe to initialise or train; once initialised, concurrent inference forward passes
 * (each in its own predictor) only read the parameters.
 */
public final class HashCoderBlock extends SequentialBlock {
  /** Standard deviation of the initial Linear weights. */
  public static final double INIT_STD = 0.02;

  /** BatchNorm ε, torch's default. */
  public static final float BATCH_NORM_EPSILON = 1e-5f;

  /** DJL's momentum for torch's momentum 0.1 (DJL weights the old running value). */
  public static final float DJL_BATCH_NORM_MOMENTUM = 0.9f;

  private final int embeddingSize;
  private final int hiddenWidth;
  private final int bits;
  private final Linear hidden;
  private final Linear output;
  private final BatchNorm batchNorm;

  /**
   * The paper's block, whose hidden layer is as wide as its input ({@code h = d}).
   *
   * @param embeddingSize input width d, at least 1
   * @param bits number of output logits (code length), at least 1
   * @param initSeed seed of the initial weight draw
   */
  public HashCoderBlock(int embeddingSize, int bits, long initSeed) {
    this(embeddingSize, embeddingSize, bits, initSeed);
  }

  /**
   * Builds the (uninitialised) block. Call {@code initialize(manager, DataType.FLOAT32,
   * inputShape(1))} before use.
   *
   * @param embeddingSize input width d, at least 1
   * @param hiddenWidth the hidden layer's width h, at least 1
   * @param bits number of output logits (code length), at least 1
   * @param initSeed seed of the initial weight draw
   */
  public HashCoderBlock(int embeddingSize, int hiddenWidth, int bits, long initSeed) {
    if (embeddingSize < 1 || hiddenWidth < 1 || bits < 1) {
      throw new IllegalArgumentException(
          "embeddingSize, hiddenWidth and bits must be >= 1: "
              + embeddingSize + ", " + hiddenWidth + ", " + bits);
    }
    this.embeddingSize = embeddingSize;
    this.hiddenWidth = hiddenWidth;
    this.bits = bits;
    this.hidden = Linear.builder().setUnits(hiddenWidth).optBias(true).build();
    this.output = Linear.builder().setUnits(bits).optBias(true).build();
    this.batchNorm =
        BatchNorm.builder()
            .optAxis(1)
            .optEpsilon(BATCH_NORM_EPSILON)
            .optMomentum(DJL_BATCH_NORM_MOMENTUM)
            .optCenter(true)
            .optScale(true)
            .build();
    add(hidden);
    add(Activation::relu);
    add(output);
    add(batchNorm);
    setInitializer(new TruncatedNormalInitializer(INIT_STD, 2.0, initSeed), Parameter.Type.WEIGHT);
  }

  /**
   * The shape of an input batch.
   *
   * @param rows rows in the batch
   * @return {@code [rows, embeddingSize]}
   */
  public Shape inputShape(long rows) {
    return new Shape(rows, embeddingSize);
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
   * The hidden layer's width.
   *
   * @return h
   */
  public int hiddenWidth() {
    return hiddenWidth;
  }

  /**
   * The number of logits (bits) per row.
   *
   * @return bits
   */
  public int bits() {
    return bits;
  }

  /**
   * The first Linear layer (d to h).
   *
   * @return the layer
   */
  public Linear hidden() {
    return hidden;
  }

  /**
   * The second Linear layer (h to bits).
   *
   * @return the layer
   */
  public Linear output() {
    return output;
  }

  /**
   * The final BatchNorm.
   *
   * @return the layer
   */
  public BatchNorm batchNorm() {
    return batchNorm;
  }
}
