package io.hashstream.flink.model;

import io.hashstream.code.CodeLength;
import io.hashstream.encoder.EmbeddingPostprocessor;
import io.hashstream.model.HashCoderSession;

/**
 * One model version loaded in this JVM: raw embeddings in, packed codes out. Thread-safe (the
 * session is); shared by every slot of the TaskManager through {@link ModelCatalog}.
 */
public final class LoadedModel {
  private final ModelReference reference;
  private final HashCoderSession session;

  LoadedModel(ModelReference reference, HashCoderSession session) {
    this.reference = reference;
    this.session = session;
  }

  public String version() {
    return reference.version();
  }

  public ModelReference reference() {
    return reference;
  }

  public CodeLength codeLength() {
    return session.codeLength();
  }

  public int embeddingSize() {
    return session.artifact().embeddingSize();
  }

  /**
   * Codes of raw embeddings (the model's post-processing is applied here), batched in one call to
   * the engine.
   *
   * @param raw rows of {@link #embeddingSize()} finite floats; not modified
   * @return one packed code per row, {@code codeLength().words()} longs each
   * @throws IllegalArgumentException if a row has the wrong size or a non-finite value
   * @throws IllegalStateException if the model was closed (released by its last user) meanwhile
   */
  public long[][] codes(float[][] raw) {
    int n = raw.length;
    if (n == 0) {
      return new long[0][];
    }
    int d = embeddingSize();
    EmbeddingPostprocessor postprocessor = session.postprocessor();
    float[] batch = new float[n * d];
    for (int r = 0; r < n; r++) {
      if (raw[r].length != d) {
        throw new IllegalArgumentException(
            "embedding has " + raw[r].length + " values, model " + version() + " takes " + d);
      }
      float[] row = raw[r].clone();
      postprocessor.iapply(row);
      System.arraycopy(row, 0, batch, r * d, d);
    }
    long[] packed = session.codes(batch, n);
    int words = codeLength().words();
    long[][] out = new long[n][words];
    for (int r = 0; r < n; r++) {
      System.arraycopy(packed, r * words, out[r], 0, words);
    }
    return out;
  }

  /** The code of one raw embedding. */
  public long[] code(float[] raw) {
    return codes(new float[][] {raw})[0];
  }

  void close() {
    session.close();
  }

  @Override
  public String toString() {
    return "LoadedModel{" + version() + ", " + codeLength() + "}";
  }
}
