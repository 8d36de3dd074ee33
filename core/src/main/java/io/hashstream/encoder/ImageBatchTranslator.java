package io.hashstream.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Turns a packed float batch into the model's input tensor and the embedding output back into
 * {@code float[][]}. Plain Java goes in and out, so no NDArray outlives a predict call. It uses
 * only {@code NDManager.create} and {@code toFloatArray}: ONNX Runtime's NDArrays implement almost
 * no other operation, so every reshape is done in Java. Stateless, so one instance serves every
 * predictor.
 */
final class ImageBatchTranslator implements NoBatchifyTranslator<ImageBatch, float[][]> {
  private final EncoderInputShape inputShape;
  private final String inputName;
  private final String outputName;

  /**
   * @param inputName name given to the input tensor, or null to leave it unnamed
   * @param outputName output to read, or null for the first
   */
  ImageBatchTranslator(EncoderInputShape inputShape, String inputName, String outputName) {
    this.inputShape = inputShape;
    this.inputName = inputName;
    this.outputName = outputName;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, ImageBatch batch) {
    NDArray input =
        ctx.getNDManager().create(batch.values(), new Shape(inputShape.batchShape(batch.size())));
    if (inputName != null) {
      input.setName(inputName);
    }
    return new NDList(input);
  }

  @Override
  public float[][] processOutput(TranslatorContext ctx, NDList list) {
    NDArray out;
    if (outputName == null) {
      if (list.isEmpty()) {
        throw new IllegalStateException("the model returned no outputs");
      }
      out = list.get(0);
    } else {
      out = list.get(outputName);
      if (out == null) {
        throw new IllegalStateException(
            "the model has no output named '" + outputName + "'; outputs: " + names(list));
      }
    }
    if (out.getDataType() != DataType.FLOAT32) {
      throw new IllegalStateException("embedding output is " + out.getDataType() + ", not float32");
    }
    Shape shape = out.getShape();
    // [n, d] or [n, d, 1, 1] (un-flattened pooling); anything else is not one vector per image.
    if (shape.dimension() < 2) {
      throw new IllegalStateException("embedding output has shape " + shape + ", expected [n, d]");
    }
    for (int i = 2; i < shape.dimension(); i++) {
      if (shape.get(i) != 1) {
        throw new IllegalStateException(
            "embedding output has shape " + shape + ", expected [n, d]");
      }
    }
    int n = Math.toIntExact(shape.get(0));
    int d = Math.toIntExact(shape.get(1));
    float[] flat = out.toFloatArray();
    float[][] result = new float[n][d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * d, result[i], 0, d);
    }
    return result;
  }

  private static String names(NDList list) {
    StringBuilder sb = new StringBuilder();
    for (NDArray a : list) {
      sb.append(sb.length() == 0 ? "" : ", ").append(a.getName());
    }
    return sb.toString();
  }
}
