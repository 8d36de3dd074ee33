package io.hashstream.trainer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.hashstream.model.HashCoderBlock;
import io.hashstream.model.HashCoderSession;
import io.hashstream.model.HashCoderWeights;
import io.hashstream.trainer.data.EpochOrder;
import io.hashstream.trainer.data.TrainingSet;
import io.hashstream.trainer.loss.CrovcaLoss;
import io.hashstream.trainer.optim.AdamW;
import io.hashstream.trainer.optim.CosineSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The optimisation loop on post-processed embeddings: a {@link HashCoderBlock} trained in train
 * mode (BatchNorm on batch statistics, one forward pass per view), the {@link CrovcaLoss}, {@link
 * AdamW} with the {@link CosineSchedule} set before every step, batches in {@link EpochOrder}.
 *
 * <p>Deterministic for a given seed and data: the initial weights come from a seeded Java draw, the
 * batch order from a seeded permutation, and nothing uses the engine's random generator; PyTorch's
 * CPU kernels give identical results run to run with the same intra-op thread count (a different
 * count changes summation order, hence the last bits). The loss keeps every constant it puts on
 * the gradient tape alive until the backward pass (see {@code loss.Scalars}), without which the
 * garbage collector made same-seed runs drift apart. Cost per step: about
 * {@code 3 · views · 2B(d² + d·bits)} flops (forward and the weight gradients).
 *
 * <p>Every NDArray of a step lives in a sub-manager closed at the end of the step; the block, the
 * optimizer moments and the manager are closed when {@link #run} returns. Not thread-safe; runs on
 * the calling thread.
 */
final class TrainingLoop {
  /** The trained weights and the per-epoch history. */
  record Result(HashCoderWeights weights, List<EpochSummary> epochs, int steps, double seconds) {}

  private final TrainerOptions options;
  private final Consumer<String> progress;

  TrainingLoop(TrainerOptions options, Consumer<String> progress) {
    this.options = options;
    this.progress = progress;
  }

  static int stepsPerEpoch(int rows, int batchSize) {
    int steps = rows / batchSize;
    if (steps == 0) {
      throw new IllegalArgumentException(
          rows + " rows make no full batch of " + batchSize + " (the last partial batch is dropped)");
    }
    return steps;
  }

  Result run(TrainingSet data) {
    int batch = options.batchSize();
    int d = data.dimension();
    int stepsPerEpoch = stepsPerEpoch(data.rows(), batch);
    CosineSchedule schedule =
        new CosineSchedule(
            options.learningRate(), options.minLearningRate(), options.epochs() * stepsPerEpoch);
    int totalSteps =
        options.maxSteps() == 0
            ? schedule.totalSteps()
            : Math.min(options.maxSteps(), schedule.totalSteps());
    CrovcaLoss loss =
        new CrovcaLoss(options.alignWeight(), options.codingRateWeight(), options.codingRateEps());
    EpochOrder order = new EpochOrder(data.rows(), options.seed());
    float[][] viewBatches = new float[data.viewCount()][batch * d];
    float[] labelBatch = data.isLabelled() ? new float[batch * data.classCount()] : null;
    Shape inputShape = new Shape(batch, d);
    Engine engine = Engine.getEngine(HashCoderSession.ENGINE);
    List<EpochSummary> epochs = new ArrayList<>();
    long start = System.nanoTime();
    ProgressMeter meter =
        new ProgressMeter(progress, totalSteps, options.epochs(), batch, start);
    try (NDManager manager = engine.newBaseManager()) {
      HashCoderBlock block = new HashCoderBlock(d, options.hiddenWidthFor(d), options.bits(), options.seed());
      block.initialize(manager, DataType.FLOAT32, inputShape);
      ParameterStore store = new ParameterStore(manager, false);
      List<Parameter> trainable = new ArrayList<>();
      for (Parameter p : block.getParameters().values()) {
        if (p.requiresGradient()) {
          trainable.add(p);
        }
      }
      AdamW optimizer = AdamW.withTorchDefaults(manager, options.weightDecay());
      int step = 0;
      for (int epoch = 1; epoch <= options.epochs() && step < totalSteps; epoch++) {
        int[] rows = order.next();
        long epochStart = System.nanoTime();
        double lossSum = 0;
        double alignSum = 0;
        double rateSum = 0;
        int epochSteps = 0;
        for (int s = 0; s < stepsPerEpoch && step < totalSteps; s++, step++) {
          for (int v = 0; v < viewBatches.length; v++) {
            data.copyRows(v, rows, s * batch, batch, viewBatches[v]);
          }
          if (labelBatch != null) {
            data.copyLabels(rows, s * batch, batch, labelBatch);
          }
          CrovcaLoss.Terms terms;
          try (NDManager stepManager = manager.newSubManager()) {
            try (GradientCollector collector = engine.newGradientCollector()) {
              List<NDArray> logits = new ArrayList<>();
              for (float[] viewBatch : viewBatches) {
                NDArray x = stepManager.create(viewBatch, inputShape);
                logits.add(block.forward(store, new NDList(x), true).singletonOrThrow());
              }
              terms =
                  labelBatch == null
                      ? loss.unsupervised(logits)
                      : loss.supervised(
                          logits,
                          stepManager.create(
                              labelBatch, new Shape(batch, data.classCount())));
              collector.backward(terms.total());
            }
            if (!Double.isFinite(terms.totalValue())) {
              throw new IllegalStateException("training diverged at step " + step);
            }
            optimizer.step(trainable, schedule.at(step));
          }
          lossSum += terms.totalValue();
          alignSum += terms.alignment();
          rateSum += terms.codingRate();
          epochSteps++;
          if (options.progressEverySteps() > 0 && (step + 1) % options.progressEverySteps() == 0) {
            meter.step(epoch, step + 1, terms.totalValue(), terms.alignment(), terms.codingRate(),
                schedule.at(step), System.nanoTime());
          }
        }
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        EpochSummary summary =
            new EpochSummary(
                epoch,
                epochSteps,
                lossSum / epochSteps,
                alignSum / epochSteps,
                rateSum / epochSteps,
                seconds,
                epochSteps * (double) batch / seconds);
        epochs.add(summary);
        meter.epoch(summary);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Result(HashCoderWeights.copyOf(block), epochs, step, seconds);
    }
  }
}
