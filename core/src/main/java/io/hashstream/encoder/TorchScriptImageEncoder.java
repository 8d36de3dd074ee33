package io.hashstream.encoder;

import ai.djl.Model;
import java.nio.file.Path;
import java.util.Map;

/**
 * An {@link ImageEncoder} that runs a TorchScript module ({@code torch.jit.trace} or {@code
 * torch.jit.script}, saved as {@code .pt}) through DJL's PyTorch engine: the way production users
 * bring their own foundation model (DINOv2, CLIP image tower). The PyTorch engine, {@code
 * pytorch-jni} and the {@code pytorch-native-cpu} (or CUDA) natives must be on the classpath with
 * {@code ai.djl.offline=true}, so nothing is downloaded.
 *
 * <p>The module's {@code forward} must take one float32 batch in the layout of {@link
 * EncoderConfig#inputShape()} and return the embedding as {@code [n, d]} (a tuple's first element
 * is used; output names are not available in TorchScript, so leave {@link
 * EncoderConfig#outputName()} null). Tensors saved on a GPU are mapped to the engine's device.
 *
 * <p>Thread-safety, cost and lifecycle are those of {@link ImageEncoder}: concurrent calls run in
 * separate predictors of one module. libtorch's intra-op pool is process-wide; size it with the
 * system property {@code ai.djl.pytorch.num_threads} before the engine starts ({@link
 * EncoderConfig#intraOpThreads()} is ignored here).
 */
public final class TorchScriptImageEncoder extends DjlImageEncoder {
  /** DJL's name of the PyTorch engine. */
  public static final String ENGINE = "PyTorch";

  private TorchScriptImageEncoder(Model model, EncoderConfig config) {
    super(model, config, null);
  }

  /**
   * Loads a TorchScript file.
   *
   * @param modelFile the {@code .pt} file
   * @param config how to run it
   * @return the encoder, probed once
   * @throws EncoderException if the engine is missing, the file cannot be loaded or its output is
   *     not one embedding per image
   */
  public static TorchScriptImageEncoder load(Path modelFile, EncoderConfig config) {
    return new TorchScriptImageEncoder(
        loadModel(ENGINE, modelName(modelFile), modelFile, null, options()), config);
  }

  /**
   * Loads a TorchScript file after checking that its sha256 is the pinned one. The file is read
   * once, and the bytes that were checked are the bytes that are loaded.
   *
   * @param modelFile the {@code .pt} file
   * @param sha256 the expected digest, hex
   * @param config how to run it
   * @return the encoder, probed once
   * @throws ModelIntegrityException if the digest differs
   * @throws EncoderException if the model cannot be loaded
   */
  public static TorchScriptImageEncoder loadVerified(
      Path modelFile, String sha256, EncoderConfig config) {
    byte[] bytes = ModelDigest.readVerified(modelFile, sha256);
    return new TorchScriptImageEncoder(
        loadModel(ENGINE, modelName(modelFile), null, bytes, options()), config);
  }

  private static Map<String, String> options() {
    return Map.of("mapLocation", "true");
  }

  private static String modelName(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
  }
}
