package io.hashstream.encoder;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.PairList;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * An {@link ImageEncoder} that runs an ONNX model through DJL's OnnxRuntime engine ({@code
 * ai.djl.onnxruntime:onnxruntime-engine}, which carries ONNX Runtime's CPU natives in its jar, so
 * nothing is downloaded). The bundled default encoder is one of these; see {@link BundledEncoder}.
 *
 * <p>The model must take one float32 image batch (named as in {@link EncoderConfig#inputName()}, or
 * be the model's only input) with a dynamic batch dimension, and return the embedding as {@code [n,
 * d]} (or {@code [n, d, 1, 1]}). Other inputs are not supported.
 *
 * <p>Thread-safety, cost and lifecycle are those of {@link ImageEncoder}: concurrent calls run in
 * separate predictors over one shared ONNX Runtime session, whose {@code run} is safe to call
 * concurrently; each inference uses up to {@link EncoderConfig#intraOpThreads()} threads.
 */
public final class OnnxImageEncoder extends DjlImageEncoder {
  /** DJL's name of the ONNX Runtime engine. */
  public static final String ENGINE = "OnnxRuntime";

  private OnnxImageEncoder(Model model, EncoderConfig config, String inputName) {
    super(model, config, inputName);
  }

  /**
   * Loads an ONNX file.
   *
   * @param modelFile the {@code .onnx} file
   * @param config how to run it
   * @return the encoder, probed once
   * @throws EncoderException if the engine is missing, the file cannot be loaded or its output is
   *     not one embedding per image
   */
  public static OnnxImageEncoder load(Path modelFile, EncoderConfig config) {
    Model model = loadModel(ENGINE, modelName(modelFile), modelFile, null, options(config));
    return create(model, config);
  }

  /**
   * Loads an ONNX file after checking that its sha256 is the pinned one. The file is read once, and
   * the bytes that were checked are the bytes that are loaded.
   *
   * @param modelFile the {@code .onnx} file
   * @param sha256 the expected digest, hex
   * @param config how to run it
   * @return the encoder, probed once
   * @throws ModelIntegrityException if the digest differs
   * @throws EncoderException if the model cannot be loaded
   */
  public static OnnxImageEncoder loadVerified(Path modelFile, String sha256, EncoderConfig config) {
    byte[] bytes = ModelDigest.readVerified(modelFile, sha256);
    return load(bytes, modelName(modelFile), config);
  }

  /** Loads an ONNX model from bytes the caller has already verified. */
  static OnnxImageEncoder load(byte[] onnx, String name, EncoderConfig config) {
    Model model = loadModel(ENGINE, name, null, onnx, options(config));
    return create(model, config);
  }

  private static OnnxImageEncoder create(Model model, EncoderConfig config) {
    String inputName;
    try {
      inputName = resolveInputName(model, config);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    return new OnnxImageEncoder(model, config, inputName);
  }

  /** ONNX Runtime binds inputs by name: use the configured one, or the model's only input. */
  private static String resolveInputName(Model model, EncoderConfig config) {
    PairList<String, Shape> inputs = model.describeInput();
    if (config.inputName() != null) {
      if (inputs != null && !inputs.contains(config.inputName())) {
        throw new EncoderException(
            "model " + model.getName() + " has no input '" + config.inputName() + "': " + inputs);
      }
      return config.inputName();
    }
    if (inputs == null || inputs.size() != 1) {
      throw new EncoderException(
          "model "
              + model.getName()
              + " has inputs "
              + inputs
              + "; name the image input in EncoderConfig.inputName");
    }
    return inputs.get(0).getKey();
  }

  private static Map<String, String> options(EncoderConfig config) {
    Map<String, String> options = new HashMap<>();
    if (config.intraOpThreads() > 0) {
      // DJL 0.36 applies intraOpNumThreads only when interOpNumThreads is also given; inter-op
      // threads matter only in ORT's parallel execution mode, which is not used.
      options.put("interOpNumThreads", "1");
      options.put("intraOpNumThreads", Integer.toString(config.intraOpThreads()));
    }
    return options;
  }

  private static String modelName(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
  }
}
