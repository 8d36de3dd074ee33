package io.hashstream.encoder;

import java.io.InputStream;

/**
 * Opens the bundled default image encoder: ImageNet-pretrained MobileNetV2 (width 1.4), as
 * fine-tuned and shipped in TF.js form by npm {@code nsfwjs@4.3.0} (MIT), converted to ONNX by
 * {@code tools/nsfwjs-onnx}. See {@code PROVENANCE.md} beside the model resource.
 *
 * <ul>
 *   <li>Input {@code input}: float32 NCHW {@code [n, 3, 224, 224]}, RGB scaled to [0, 1] (value /
 *       255, no mean/std: the graph applies {@code x·2−1} itself). The usual preprocessing is:
 *       resize the shorter side to 224 (bilinear), centre-crop 224×224.
 *   <li>Output {@code embedding}: float32 {@code [n, 1792]}, the ReLU6 features after global
 *       average pooling (TF node {@code feature_vector/SpatialSqueeze}); all values are in [0, 6].
 *       Feed them through {@link EmbeddingPostprocessor} before hashing.
 *   <li>Quality: moderate semantics, robust to crops, flips, rotation and re-encoding, weak on
 *       heavy down-scaling; it is NSFW-fine-tuned, so no ImageNet-level quality is claimed.
 *   <li>Cost: the model resource is 17.2 MB, read into a byte array and hashed on every open;
 *       {@code open} takes 1–4 s on two cores (most of it ONNX Runtime start-up and session
 *       creation), so open once and share. Inference: 12–15 ms per image on two shared cores (70–80
 *       images/s, batch 1–32); research measured 7–10 ms on an idle machine.
 * </ul>
 *
 * <p>The model's sha256 is pinned in {@link #SHA256} and checked on every {@link #open()}; a
 * mismatch raises {@link ModelIntegrityException} and nothing is loaded. This class only builds
 * encoders; it holds no state.
 */
public final class BundledEncoder {
  /** Classpath resource of the ONNX model. */
  public static final String RESOURCE = "/io/hashstream/encoder/mobilenet_v2_140_nsfwjs.onnx";

  /** sha256 of {@link #RESOURCE}, as in the {@code .sha256} file beside it. */
  public static final String SHA256 =
      "d25f939da8ceeb879abdff8d1abb339e6692c6ab17e754d4fa30fd9fa4157a4e";

  /** The encoder id: the model name and the first 16 hex digits of its sha256. */
  public static final String ENCODER_ID =
      "mobilenet_v2_140_nsfwjs@sha256:" + SHA256.substring(0, 16);

  /** Floats per embedding. */
  public static final int EMBEDDING_SIZE = 1792;

  /** One input image: RGB, 224×224, NCHW. */
  public static final EncoderInputShape INPUT_SHAPE = EncoderInputShape.rgbNchw(224, 224);

  /** Name of the ONNX input. */
  public static final String INPUT_NAME = "input";

  /** Name of the ONNX output. */
  public static final String OUTPUT_NAME = "embedding";

  private BundledEncoder() {}

  /**
   * Opens the bundled encoder with ONNX Runtime's default thread count (one per core).
   *
   * @return a new encoder; the caller closes it
   * @throws ModelIntegrityException if the resource is not the pinned model
   * @throws EncoderException if the resource is missing or ONNX Runtime is not on the classpath
   */
  public static OnnxImageEncoder open() {
    return open(0);
  }

  /**
   * Opens the bundled encoder.
   *
   * @param intraOpThreads threads per inference, 0 for one per core
   * @return a new encoder; the caller closes it
   * @throws ModelIntegrityException if the resource is not the pinned model
   * @throws EncoderException if the resource is missing or ONNX Runtime is not on the classpath
   */
  public static OnnxImageEncoder open(int intraOpThreads) {
    InputStream in = BundledEncoder.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new EncoderException(
          "bundled encoder resource " + RESOURCE + " is not on the classpath");
    }
    return open(in, RESOURCE, SHA256, config(intraOpThreads));
  }

  /**
   * The config the bundled encoder runs with.
   *
   * @param intraOpThreads threads per inference, 0 for one per core
   * @return the config
   */
  public static EncoderConfig config(int intraOpThreads) {
    return EncoderConfig.of(ENCODER_ID, INPUT_SHAPE)
        .withInputName(INPUT_NAME)
        .withOutputName(OUTPUT_NAME)
        .withExpectedEmbeddingSize(EMBEDDING_SIZE)
        .withIntraOpThreads(intraOpThreads);
  }

  /** Reads {@code in} (and closes it), checks it against {@code sha256}, then loads it. */
  static OnnxImageEncoder open(InputStream in, String source, String sha256, EncoderConfig config) {
    byte[] onnx = ModelDigest.readVerified(in, source, sha256);
    return OnnxImageEncoder.load(onnx, "mobilenet_v2_140_nsfwjs", config);
  }
}
