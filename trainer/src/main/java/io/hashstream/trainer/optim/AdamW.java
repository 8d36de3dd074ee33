package io.hashstream.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW exactly as {@code torch.optim.AdamW} (non-amsgrad) updates a parameter at step t ≥ 1, with
 * the learning rate given per step (the caller's schedule):
 *
 * <pre>
 * w ← w · (1 − lr·wd)                       decoupled weight decay, on every trainable parameter
 * m ← β1·m + (1 − β1)·g
 * v ← β2·v + (1 − β2)·g²
 * w ← w − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + eps)
 * </pre>
 *
 * and then zeroes the gradient (DJL's PyTorch engine accumulates gradients across backward passes).
 * Defaults of the paper's recipe: β1 = 0.9, β2 = 0.999, eps = 1e-8, wd = 1e-2. DJL's own {@code
 * Adam}/{@code AdamW} fold the bias correction into the rate and so place eps differently, hence
 * this class.
 *
 * <p>The step's scalars use {@link StrictMath}: {@code Math.pow} is allowed to differ by an ulp
 * between the interpreter and JIT-compiled code, and a seed must reproduce its weights bit for bit.
 *
 * <p>Updates run in place on detached views of the parameters, so they are off the gradient tape
 * whatever the thread's grad mode. Temporaries are closed after each parameter. The moment arrays
 * live in the manager given to the constructor. Cost per step: about ten element-wise passes over
 * the parameters. Not thread-safe: one training loop owns it.
 */
public final class AdamW {
  private final NDManager stateManager;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final Map<String, NDArray[]> moments = new HashMap<>();
  private int step;

  /**
   * Creates the optimizer.
   *
   * @param stateManager where the first and second moments live (closing it frees them)
   * @param beta1 β1
   * @param beta2 β2
   * @param eps eps
   * @param weightDecay decoupled weight decay
   */
  public AdamW(NDManager stateManager, double beta1, double beta2, double eps, double weightDecay) {
    this.stateManager = stateManager;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  /**
   * torch's defaults with the given weight decay.
   *
   * @param stateManager where the moments live
   * @param weightDecay decoupled weight decay (1e-2 in the paper)
   * @return the optimizer
   */
  public static AdamW withTorchDefaults(NDManager stateManager, double weightDecay) {
    return new AdamW(stateManager, 0.9, 0.999, 1e-8, weightDecay);
  }

  /**
   * Applies one update to every parameter that has a gradient, then zeroes the gradients.
   *
   * @param parameters the trainable parameters (after a backward pass)
   * @param learningRate this step's rate
   */
  public void step(List<Parameter> parameters, double learningRate) {
    step++;
    double biasCorrection1 = 1 - StrictMath.pow(beta1, step);
    double biasCorrection2Sqrt = Math.sqrt(1 - StrictMath.pow(beta2, step));
    for (Parameter parameter : parameters) {
      NDArray array = parameter.getArray();
      NDArray[] mv =
          moments.computeIfAbsent(
              parameter.getId(),
              id ->
                  new NDArray[] {
                    stateManager.zeros(array.getShape(), array.getDataType()),
                    stateManager.zeros(array.getShape(), array.getDataType())
                  });
      try (NDManager scope = NDManager.subManagerOf(array)) {
        scope.tempAttachAll(mv[0], mv[1]);
        NDArray weight = array.stopGradient();
        weight.attach(scope);
        NDArray gradient = array.getGradient();
        gradient.attach(scope);
        weight.muli(1 - learningRate * weightDecay);
        mv[0].muli(beta1).addi(gradient.mul(1 - beta1));
        mv[1].muli(beta2).addi(gradient.square().muli(1 - beta2));
        NDArray denominator = mv[1].sqrt().divi(biasCorrection2Sqrt).addi(eps);
        weight.subi(mv[0].div(denominator).muli(learningRate / biasCorrection1));
        gradient.subi(gradient);
      }
    }
  }

  /**
   * How many steps have been taken.
   *
   * @return t
   */
  public int stepCount() {
    return step;
  }
}
