package io.hashstream.model;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.TranslateException;
import io.hashstream.code.CodeLength;
import io.hashstream.encoder.EmbeddingPostprocessor;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One loaded model version: turns batches of post-processed embeddings into packed codes. Owns a
 * DJL {@link Model} (PyTorch engine, found by name at run time: the deploying module puts {@code
 * pytorch-engine}, {@code pytorch-native-cpu} and {@code pytorch-jni} on the classpath) and its
 * predictors; {@link #close()} releases them all. The streaming job loads one session per version
 * and TaskManager, shared by its subtasks, and closes it when the last subtask using that version
 * releases it (the old version once the swap is done).
 *
 * <pre>{@code
 * try (HashCoderSession session = HashCoderSession.open(ModelArtifact.read(path))) {
 *   float[] rows = ...;                                // n post-processed embeddings, row-major
 *   long[] codes = session.codes(rows, n);             // n * codeLength().words() longs
 * }
 * }</pre>
 *
 * <p><b>Exactness.</b> The BatchNorm runs in inference mode (running statistics), so a row's code
 * does not depend on the other rows of its batch. Bit {@code i} of a code is {@code logit_i > 0},
 * packed as {@link io.hashstream.code.PackedCodes#packSigns} does (bit 0 most significant; codes
 * over 64 bits take several words, word 0 first).
 *
 * <p><b>Cost.</b> About {@code 2n(d·h + h·bits)} flops per call of n rows, plus one copy of the
 * batch in and of the logits out; the result array is the only allocation the caller keeps.
 *
 * <p><b>Threads.</b> {@link #codes} and {@link #logits} may be called from several threads at
 * once. DJL predictors are not thread-safe, so each call borrows a predictor that no other thread
 * uses until the call returns (in effect one predictor per concurrently calling thread; the pool
 * grows to the highest concurrency seen and is never shrunk). The model's parameters are frozen
 * and only read. {@link #close()} waits for calls in flight, then closes every predictor and the
 * model; calls after it throw {@link IllegalStateException}.
 */
public final class HashCoderSession implements AutoCloseable {
  /** DJL's name of the engine that runs the HashCoder. */
  public static final String ENGINE = "PyTorch";

  private final ModelArtifact artifact;
  private final Model model;
  private final PredictorPool<long[]> codePredictors;
  private final PredictorPool<float[]> logitPredictors;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed; // written under the write lock, read under the read lock

  private HashCoderSession(ModelArtifact artifact, Model model) {
    this.artifact = artifact;
    this.model = model;
    this.codePredictors = new PredictorPool<>(HashCoderTranslator.codes(artifact.codeLength()));
    this.logitPredictors = new PredictorPool<>(HashCoderTranslator.logits());
  }

  /**
   * Loads a model version into the PyTorch engine. Cost: one copy of the weights.
   *
   * @param artifact the model
   * @return the session, which the caller must close
   * @throws HashCoderException if the engine cannot be loaded
   */
  public static HashCoderSession open(ModelArtifact artifact) {
    Model model;
    try {
      model = Model.newInstance("hashcoder-" + artifact.version().id(), ENGINE);
    } catch (RuntimeException e) {
      throw new HashCoderException(
          "cannot create a " + ENGINE + " model for " + artifact.version() + ": " + e, e);
    }
    try {
      HashCoderWeights weights = artifact.weights();
      HashCoderBlock block = new HashCoderBlock(weights.embeddingSize(), weights.hiddenWidth(), weights.bits(), 0L);
      block.initialize(model.getNDManager(), DataType.FLOAT32, block.inputShape(1));
      weights.copyInto(block);
      block.freezeParameters(true);
      model.setBlock(block);
      return new HashCoderSession(artifact, model);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Reads (verifying the artifact's sha256) and loads a model file.
   *
   * @param artifactFile the artifact
   * @return the session, which the caller must close
   * @throws InvalidModelArtifactException if the file is not a valid artifact
   */
  public static HashCoderSession open(Path artifactFile) {
    return open(ModelArtifact.read(artifactFile));
  }

  /**
   * The loaded artifact (weights, post-processor, provenance).
   *
   * @return the artifact
   */
  public ModelArtifact artifact() {
    return artifact;
  }

  /**
   * The version whose codes this session produces.
   *
   * @return the version
   */
  public ModelVersion version() {
    return artifact.version();
  }

  /**
   * The length of the codes produced.
   *
   * @return the code length
   */
  public CodeLength codeLength() {
    return artifact.codeLength();
  }

  /**
   * The post-processing to apply to raw encoder embeddings before {@link #codes}.
   *
   * @return the post-processor stored with the model
   */
  public EmbeddingPostprocessor postprocessor() {
    return artifact.postprocessor();
  }

  /**
   * Codes of raw embeddings through the serving path (the artifact's post-processor, then a session
   * opened for the call): for evaluations that hash one batch per model.
   *
   * @param raw one raw encoder embedding per row, at least one
   * @return codes packed as {@link #codes(float[], int)} returns them
   */
  public static long[] codesOfRaw(ModelArtifact artifact, float[][] raw) {
    float[][] x = artifact.postprocessor().apply(raw);
    int d = artifact.embeddingSize();
    float[] flat = new float[x.length * d];
    for (int i = 0; i < x.length; i++) {
      System.arraycopy(x[i], 0, flat, i * d, d);
    }
    try (HashCoderSession session = open(artifact)) {
      return session.codes(flat, x.length);
    }
  }

  /**
   * Codes of a batch of post-processed embeddings.
   *
   * @param embeddings {@code rows * embeddingSize} floats, row-major; not modified
   * @param rows number of rows, at least 1
   * @return {@code rows * codeLength().words()} longs; code {@code r} starts at {@code r * words}
   * @throws IllegalArgumentException if the array length is not {@code rows * embeddingSize}
   * @throws HashCoderException if inference fails
   */
  public long[] codes(float[] embeddings, int rows) {
    return run(codePredictors, embeddings, rows);
  }

  /**
   * Logits of a batch of post-processed embeddings (for asymmetric distances, {@code
   * sigmoid(logit)}).
   *
   * @param embeddings {@code rows * embeddingSize} floats, row-major; not modified
   * @param rows number of rows, at least 1
   * @return {@code rows * bits} floats, row-major
   * @throws IllegalArgumentException if the array length is not {@code rows * embeddingSize}
   * @throws HashCoderException if inference fails
   */
  public float[] logits(float[] embeddings, int rows) {
    return run(logitPredictors, embeddings, rows);
  }

  private <O> O run(PredictorPool<O> pool, float[] embeddings, int rows) {
    EmbeddingBatch batch = new EmbeddingBatch(embeddings, rows, artifact.embeddingSize());
    ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("HashCoder session " + version() + " is closed");
      }
      return pool.predict(batch);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    ReentrantReadWriteLock.WriteLock lock = lifecycle.writeLock();
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        codePredictors.close();
        logitPredictors.close();
        model.close();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Idle predictors for one translator; a predictor is used by one thread at a time. */
  private final class PredictorPool<O> {
    private final HashCoderTranslator<O> translator;
    private final ArrayDeque<Predictor<EmbeddingBatch, O>> idle = new ArrayDeque<>();

    PredictorPool(HashCoderTranslator<O> translator) {
      this.translator = translator;
    }

    O predict(EmbeddingBatch batch) {
      Predictor<EmbeddingBatch, O> predictor;
      synchronized (idle) {
        predictor = idle.pollFirst();
      }
      if (predictor == null) {
        predictor = model.newPredictor(translator);
      }
      boolean healthy = false;
      try {
        O out = predictor.predict(batch);
        healthy = true;
        return out;
      } catch (TranslateException | RuntimeException e) {
        throw new HashCoderException("inference failed in " + version() + ": " + e, e);
      } finally {
        if (healthy) {
          synchronized (idle) {
            idle.addFirst(predictor);
          }
        } else {
          predictor.close(); // never reuse a predictor that failed mid-call
        }
      }
    }

    void close() {
      List<Predictor<EmbeddingBatch, O>> all;
      synchronized (idle) {
        all = new ArrayList<>(idle);
        idle.clear();
      }
      all.forEach(Predictor::close);
    }
  }
}
