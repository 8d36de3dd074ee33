package io.hashstream.trainer.loss;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The CroVCA objective, {@code L = λ_align · L_align + λ_reg · mean_v L_reg(P_v)}, with the
 * alignment term unsupervised ({@link AlignmentLoss#crossView}) or supervised (targets from {@link
 * ClassPrototypeTargets}) and the coding-rate term of {@link CodingRateLoss} averaged over the
 * views. Paper weights: λ_align = 1, λ_reg = 0.1, eps = 0.05 ({@link #paper()}).
 *
 * <p>Immutable; each call builds its arrays in the logits' NDManager, so calls on different threads
 * (each with its own gradient collector) do not interfere.
 */
public final class CrovcaLoss {
  /** λ_align of the paper's code. */
  public static final double PAPER_ALIGN_WEIGHT = 1.0;

  /** λ_reg of the paper's code. */
  public static final double PAPER_CODING_RATE_WEIGHT = 0.1;

  /**
   * The value of every part of one evaluation.
   *
   * @param total the scalar to back-propagate
   * @param alignment L_align
   * @param codingRate mean over views of L_reg
   * @param totalValue λ_align · alignment + λ_reg · codingRate
   */
  public record Terms(NDArray total, double alignment, double codingRate, double totalValue) {}

  private final double alignWeight;
  private final double codingRateWeight;
  private final CodingRateLoss codingRate;

  /**
   * Creates the objective.
   *
   * @param alignWeight λ_align
   * @param codingRateWeight λ_reg
   * @param eps the coding-rate eps
   */
  public CrovcaLoss(double alignWeight, double codingRateWeight, double eps) {
    this.alignWeight = alignWeight;
    this.codingRateWeight = codingRateWeight;
    this.codingRate = new CodingRateLoss(eps);
  }

  /**
   * The paper's weights and eps.
   *
   * @return the objective
   */
  public static CrovcaLoss paper() {
    return new CrovcaLoss(PAPER_ALIGN_WEIGHT, PAPER_CODING_RATE_WEIGHT, CodingRate.PAPER_EPS);
  }

  /**
   * Unsupervised: each view aligned with the other views' hard codes.
   *
   * @param views logits of each view ({@code [B, b]}, train mode), at least two
   * @return the terms
   */
  public Terms unsupervised(List<NDArray> views) {
    return combine(AlignmentLoss.crossView(views), views);
  }

  /**
   * Supervised: every view aligned with the class-prototype codes.
   *
   * @param views logits of each view ({@code [B, b]}, train mode), at least one
   * @param labels multi-hot labels {@code [B, C]} of the logits' data type
   * @return the terms
   */
  public Terms supervised(List<NDArray> views, NDArray labels) {
    NDArray targets = ClassPrototypeTargets.of(views, labels);
    return combine(AlignmentLoss.toTargets(views, targets), views);
  }

  private Terms combine(LossTerm alignment, List<NDArray> views) {
    NDArray regSum = null;
    double regValue = 0;
    for (NDArray view : views) {
      LossTerm term = codingRate.apply(view);
      regSum = regSum == null ? term.loss() : regSum.add(term.loss());
      regValue += term.value();
    }
    regValue /= views.size();
    NDArray total =
        alignment
            .loss()
            .mul(Scalars.of(regSum, alignWeight))
            .add(regSum.mul(Scalars.of(regSum, codingRateWeight / views.size())));
    return new Terms(
        total, alignment.value(), regValue, alignWeight * alignment.value() + codingRateWeight * regValue);
  }
}
