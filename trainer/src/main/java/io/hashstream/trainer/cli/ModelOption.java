package io.hashstream.trainer.cli;

import io.hashstream.inference.DefaultModel;
import io.hashstream.model.ModelArtifact;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options the image commands share, as a picocli mixin: {@code --model} (an artifact file, or
 * the {@link DefaultModel} when absent) and {@code --batch-size} (files per hashing call).
 */
final class ModelOption {
  @Option(names = "--model", description = "model artifact (default: the bundled default model)")
  Path model;

  @Option(names = "--batch-size", defaultValue = "16", description = "images per encoder call")
  int batchSize;

  /**
   * Loads the model, checking its checksums.
   *
   * @return the artifact
   */
  ModelArtifact load() {
    return model == null ? DefaultModel.load() : ModelArtifact.read(model);
  }
}
