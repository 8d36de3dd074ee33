package io.hashstream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.hashstream.code.CodeLength;
import io.hashstream.code.PackedCodes;

/**
 * Plain Java in, plain Java out, for the HashCoder: a row-major float batch becomes a {@code [rows,
 * d]} tensor, and the {@code [rows, bits]} logits come back either as floats ({@link #logits()}) or
 * packed into codes with {@link PackedCodes#packSigns} ({@link #codes(CodeLength)}: bit {@code i}
 * is {@code logit_i > 0}). No NDArray outlives a predict call. Stateless, so one instance serves
 * every predictor.
 *
 * @param <O> {@code long[]} codes or {@code float[]} logits
 */
abstract class HashCoderTranslator<O> implements NoBatchifyTranslator<EmbeddingBatch, O> {

  static HashCoderTranslator<long[]> codes(CodeLength length) {
    return new HashCoderTranslator<>() {
      @Override
      long[] fromLogits(float[] logits, int rows) {
        int bits = length.bits();
        int words = length.words();
        long[] codes = new long[rows * words];
        for (int r = 0; r < rows; r++) {
          PackedCodes.packSigns(logits, r * bits, length, codes, r * words);
        }
        return codes;
      }
    };
  }

  static HashCoderTranslator<float[]> logits() {
    return new HashCoderTranslator<>() {
      @Override
      float[] fromLogits(float[] logits, int rows) {
        return logits;
      }
    };
  }

  abstract O fromLogits(float[] logits, int rows);

  @Override
  public NDList processInput(TranslatorContext ctx, EmbeddingBatch batch) {
    return new NDList(
        ctx.getNDManager().create(batch.values(), new Shape(batch.rows(), batch.dimension())));
  }

  @Override
  public O processOutput(TranslatorContext ctx, NDList list) {
    NDArray logits = list.singletonOrThrow();
    return fromLogits(logits.toFloatArray(), Math.toIntExact(logits.getShape().get(0)));
  }
}
