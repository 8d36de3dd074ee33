package io.hashstream.flink.model;

import java.util.HashMap;
import java.util.Map;

/**
 * The model versions one function instance holds from the TaskManager's {@link ModelCatalog}:
 * each acquired once, released once, all of them on close. Not thread-safe (one per task).
 */
public final class AcquiredModels {
  private final String encoderId;
  private final int embeddingSize;
  private final Map<String, LoadedModel> held = new HashMap<>();

  /**
   * @param encoderId the running encoder (models of other encoders are refused)
   * @param embeddingSize its embedding size
   */
  public AcquiredModels(String encoderId, int embeddingSize) {
    this.encoderId = encoderId;
    this.embeddingSize = embeddingSize;
  }

  /**
   * The model of {@code reference}, acquired from the catalog (checked and loaded) the first time.
   *
   * @throws ModelRejectedException if the artifact fails its checks
   */
  public LoadedModel acquire(ModelReference reference) throws ModelRejectedException {
    LoadedModel model = held.get(reference.version());
    if (model == null) {
      model = ModelCatalog.shared().acquire(reference, encoderId, embeddingSize);
      held.put(reference.version(), model);
    }
    return model;
  }

  /**
   * A version acquired before.
   *
   * @throws IllegalStateException if it was not (a bug: slots only name acquired versions)
   */
  public LoadedModel get(String version) {
    LoadedModel model = held.get(version);
    if (model == null) {
      throw new IllegalStateException("model " + version + " is not loaded");
    }
    return model;
  }

  /** Gives a version back to the catalog (nothing if it was not held). */
  public void release(String version) {
    if (held.remove(version) != null) {
      ModelCatalog.shared().release(version);
    }
  }

  /** Gives every held version back. */
  public void releaseAll() {
    held.keySet().forEach(ModelCatalog.shared()::release);
    held.clear();
  }
}
