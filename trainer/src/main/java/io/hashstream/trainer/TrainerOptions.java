package io.hashstream.trainer;

import io.hashstream.code.CodeLength;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything one training run needs: inputs, output, and the CroVCA recipe. {@link #builder()}
 * starts from the paper's recipe (AdamW lr 1e-3 with cosine decay to 1e-6, weight decay 1e-2,
 * batch 256, 5 epochs, λ_align 1, λ_reg 0.1, eps 0.05). Immutable; validated on construction.
 *
 * @param viewFiles {@code .npy} float32 {@code [n, d]} raw embeddings, one file per view (two for
 *     unsupervised training); ignored by {@link CrovcaTrainer#run(TrainerOptions,
 *     io.hashstream.trainer.data.TrainingSet)}
 * @param labelFile {@code .npy} labels for supervised training, or null
 * @param output where the model artifact is written
 * @param encoderId the id of the encoder that produced the embeddings
 * @param bits code length (16, 32, 64, 128 or 256)
 * @param hiddenWidth the HashCoder's hidden width h (its first layer maps d to h), or 0 for the
 *     paper's h = d; recorded in the artifact. Cost per upload is about proportional to h
 * @param epochs passes over the data
 * @param batchSize rows per step (the last partial batch of an epoch is dropped), at least 2
 * @param learningRate the schedule's starting rate
 * @param minLearningRate the schedule's floor
 * @param weightDecay AdamW's decoupled weight decay
 * @param alignWeight λ_align
 * @param codingRateWeight λ_reg
 * @param codingRateEps the coding-rate eps
 * @param seed seeds the initial weights and the batch order; the same seed and data give
 *     bit-identical weights
 * @param maxSteps stop after this many steps (0 = run every epoch); the schedule still spans every
 *     epoch
 * @param modelVersion the version id to give the model, or null to derive one
 * @param command the command line to record in the artifact
 * @param progressEverySteps print a progress line every this many steps (0 = per epoch only)
 */
public record TrainerOptions(
    List<Path> viewFiles,
    Path labelFile,
    Path output,
    String encoderId,
    int bits,
    int hiddenWidth,
    int epochs,
    int batchSize,
    double learningRate,
    double minLearningRate,
    double weightDecay,
    double alignWeight,
    double codingRateWeight,
    double codingRateEps,
    long seed,
    int maxSteps,
    String modelVersion,
    String command,
    int progressEverySteps) {

  /**
   * The paper's coding-rate weight λ_reg (0.1): right for semantic retrieval. Near-duplicate
   * detection wants codes spread wider (the default model uses 0.3; BENCHMARKS.md, "Hashing
   * quality").
   */
  public static final double DEFAULT_CODING_RATE_WEIGHT = 0.1;

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException if a value is out of range
   */
  public TrainerOptions {
    viewFiles = List.copyOf(viewFiles);
    if (output == null || encoderId == null || encoderId.isBlank() || command == null) {
      throw new IllegalArgumentException("output, encoderId and command are required");
    }
    CodeLength.ofBits(bits);
    if (hiddenWidth < 0) {
      throw new IllegalArgumentException("hiddenWidth must be >= 0 (0: as wide as the input)");
    }
    if (epochs < 1 || batchSize < 2 || maxSteps < 0 || progressEverySteps < 0) {
      throw new IllegalArgumentException(
          "need epochs >= 1, batchSize >= 2 (BatchNorm), maxSteps >= 0, progressEverySteps >= 0");
    }
    if (!(learningRate > 0) || !(minLearningRate >= 0) || minLearningRate > learningRate) {
      throw new IllegalArgumentException("need 0 <= minLearningRate <= learningRate, > 0");
    }
    if (!(weightDecay >= 0) || !(alignWeight >= 0) || !(codingRateWeight >= 0)
        || !(codingRateEps > 0)) {
      throw new IllegalArgumentException("weights and weight decay must be >= 0, eps > 0");
    }
  }

  /**
   * The hidden width to build for embeddings of width {@code embeddingSize}.
   *
   * @param embeddingSize d
   * @return {@link #hiddenWidth()}, or d when it is 0
   */
  public int hiddenWidthFor(int embeddingSize) {
    return hiddenWidth == 0 ? embeddingSize : hiddenWidth;
  }

  /**
   * A builder preset with the paper's recipe.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link TrainerOptions}; every setter returns the builder. Not thread-safe. */
  public static final class Builder {
    private List<Path> viewFiles = List.of();
    private Path labelFile;
    private Path output;
    private String encoderId;
    private int bits = 64;
    private int hiddenWidth;
    private int epochs = 5;
    private int batchSize = 256;
    private double learningRate = 1e-3;
    private double minLearningRate = 1e-6;
    private double weightDecay = 1e-2;
    private double alignWeight = 1.0;
    private double codingRateWeight = DEFAULT_CODING_RATE_WEIGHT;
    private double codingRateEps = 0.05;
    private long seed;
    private int maxSteps;
    private String modelVersion;
    private String command = "CrovcaTrainer.run";
    private int progressEverySteps = 50;

    private Builder() {}

    /** @param files one {@code .npy} per view @return this */
    public Builder viewFiles(List<Path> files) {
      this.viewFiles = files;
      return this;
    }

    /** @param file {@code .npy} labels, or null @return this */
    public Builder labelFile(Path file) {
      this.labelFile = file;
      return this;
    }

    /** @param file the artifact to write @return this */
    public Builder output(Path file) {
      this.output = file;
      return this;
    }

    /** @param id the encoder's id @return this */
    public Builder encoderId(String id) {
      this.encoderId = id;
      return this;
    }

    /** @param value code length @return this */
    public Builder bits(int value) {
      this.bits = value;
      return this;
    }

    /** @param value hidden width h, or 0 for h = d @return this */
    public Builder hiddenWidth(int value) {
      this.hiddenWidth = value;
      return this;
    }

    /** @param value passes over the data @return this */
    public Builder epochs(int value) {
      this.epochs = value;
      return this;
    }

    /** @param value rows per step @return this */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /** @param value starting learning rate @return this */
    public Builder learningRate(double value) {
      this.learningRate = value;
      return this;
    }

    /** @param value final learning rate @return this */
    public Builder minLearningRate(double value) {
      this.minLearningRate = value;
      return this;
    }

    /** @param value AdamW weight decay @return this */
    public Builder weightDecay(double value) {
      this.weightDecay = value;
      return this;
    }

    /** @param value λ_align @return this */
    public Builder alignWeight(double value) {
      this.alignWeight = value;
      return this;
    }

    /** @param value λ_reg @return this */
    public Builder codingRateWeight(double value) {
      this.codingRateWeight = value;
      return this;
    }

    /** @param value coding-rate eps @return this */
    public Builder codingRateEps(double value) {
      this.codingRateEps = value;
      return this;
    }

    /** @param value the seed @return this */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** @param value stop after this many steps (0 = all) @return this */
    public Builder maxSteps(int value) {
      this.maxSteps = value;
      return this;
    }

    /** @param id the version id, or null to derive one @return this */
    public Builder modelVersion(String id) {
      this.modelVersion = id;
      return this;
    }

    /** @param line the command line to record @return this */
    public Builder command(String line) {
      this.command = line;
      return this;
    }

    /** @param steps progress line interval (0 = per epoch) @return this */
    public Builder progressEverySteps(int steps) {
      this.progressEverySteps = steps;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the options
     */
    public TrainerOptions build() {
      return new TrainerOptions(
          viewFiles,
          labelFile,
          output,
          encoderId,
          bits,
          hiddenWidth,
          epochs,
          batchSize,
          learningRate,
          minLearningRate,
          weightDecay,
          alignWeight,
          codingRateWeight,
          codingRateEps,
          seed,
          maxSteps,
          modelVersion,
          command,
          progressEverySteps);
    }
  }
}
