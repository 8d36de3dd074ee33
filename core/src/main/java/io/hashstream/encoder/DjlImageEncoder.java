package io.hashstream.encoder;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The part of every DJL-backed encoder that does not depend on the engine: the predictor pool, the
 * lifecycle, argument checks and the load-time probe. Subclasses only load the {@link Model}.
 *
 * <p>Concurrency: {@code encode} holds the read side of a lock and borrows an idle {@link
 * Predictor} (creating one when none is idle), so concurrent calls each run in their own predictor;
 * the pool grows to the largest number of concurrent calls seen and is never shrunk. {@code close}
 * takes the write side, so it waits for calls in flight, then closes every predictor and the model.
 */
abstract class DjlImageEncoder implements ImageEncoder {
  private final Model model;
  private final String encoderId;
  private final EncoderInputShape inputShape;
  private final ImageBatchTranslator translator;
  private final ArrayDeque<Predictor<ImageBatch, float[][]>> idle = new ArrayDeque<>();
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final int embeddingSize;
  private boolean closed; // written under the write lock, read under the read lock

  /**
   * Takes ownership of a loaded model and probes it with one all-zero image to learn (or check) the
   * embedding size. Closes the model if the probe fails.
   *
   * @param inputName tensor name to give the input, or null
   */
  DjlImageEncoder(Model model, EncoderConfig config, String inputName) {
    this.model = model;
    this.encoderId = config.encoderId();
    this.inputShape = config.inputShape();
    this.translator = new ImageBatchTranslator(inputShape, inputName, config.outputName());
    try {
      float[][] probe = run(new float[inputShape.valuesPerImage()], 1);
      int size = probe[0].length;
      if (size == 0
          || (config.expectedEmbeddingSize() != 0 && size != config.expectedEmbeddingSize())) {
        throw new EncoderException(
            "model "
                + model.getName()
                + " produces "
                + size
                + "-d embeddings, expected "
                + config.expectedEmbeddingSize());
      }
      this.embeddingSize = size;
    } catch (RuntimeException e) {
      closeAll();
      throw e;
    }
  }

  @Override
  public final String encoderId() {
    return encoderId;
  }

  @Override
  public final int embeddingSize() {
    return embeddingSize;
  }

  @Override
  public final EncoderInputShape inputShape() {
    return inputShape;
  }

  @Override
  public final float[][] encode(float[] batch, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
    }
    long expected = (long) batchSize * inputShape.valuesPerImage();
    if (batch.length != expected) {
      throw new IllegalArgumentException(
          "batch has " + batch.length + " values, expected " + expected + " for " + batchSize);
    }
    float[][] out = run(batch, batchSize);
    if (out.length != batchSize) {
      throw new EncoderException(
          "model " + model.getName() + " returned " + out.length + " embeddings for " + batchSize);
    }
    return out;
  }

  private float[][] run(float[] batch, int batchSize) {
    ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("encoder " + encoderId + " is closed");
      }
      Predictor<ImageBatch, float[][]> predictor = borrow();
      boolean healthy = false;
      try {
        float[][] out = predictor.predict(new ImageBatch(batch, batchSize));
        healthy = true;
        return out;
      } catch (TranslateException | RuntimeException e) {
        // DJL wraps engine errors in TranslateException, but some (EngineException, an
        // IllegalArgumentException for a bad input name) can escape unwrapped.
        throw new EncoderException(
            "inference failed in " + model.getName() + ": " + e.getMessage(), e);
      } finally {
        if (healthy) {
          giveBack(predictor);
        } else {
          predictor.close(); // never reuse a predictor that failed mid-call
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private Predictor<ImageBatch, float[][]> borrow() {
    synchronized (idle) {
      Predictor<ImageBatch, float[][]> p = idle.pollFirst();
      if (p != null) {
        return p;
      }
    }
    return model.newPredictor(translator);
  }

  private void giveBack(Predictor<ImageBatch, float[][]> predictor) {
    synchronized (idle) {
      idle.addFirst(predictor);
    }
  }

  @Override
  public final void close() {
    ReentrantReadWriteLock.WriteLock lock = lifecycle.writeLock();
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        closeAll();
      }
    } finally {
      lock.unlock();
    }
  }

  private void closeAll() {
    synchronized (idle) {
      for (Predictor<ImageBatch, float[][]> p : idle) {
        p.close();
      }
      idle.clear();
    }
    model.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "["
        + encoderId
        + ", "
        + inputShape
        + " -> "
        + embeddingSize
        + "-d]";
  }

  /**
   * Creates a model of the named engine and loads it from a file or from bytes.
   *
   * @param file the model file, or null when {@code bytes} is given
   * @param bytes the model file's content, or null when {@code file} is given
   */
  static Model loadModel(
      String engine, String name, Path file, byte[] bytes, Map<String, String> options) {
    Model model;
    try {
      model = Model.newInstance(name, engine);
    } catch (EngineException | IllegalArgumentException e) {
      throw new EncoderException(
          "DJL engine "
              + engine
              + " is not available (is its engine jar and native library on the classpath?)",
          e);
    }
    try {
      if (file != null) {
        if (!Files.isRegularFile(file)) {
          throw new EncoderException("model file not found: " + file);
        }
        model.load(file, null, options);
      } else {
        model.load(new ByteArrayInputStream(bytes), options);
      }
      return model;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      if (e instanceof EncoderException ee) {
        throw ee;
      }
      throw new EncoderException(
          "cannot load " + engine + " model " + (file != null ? file : name), e);
    }
  }
}
