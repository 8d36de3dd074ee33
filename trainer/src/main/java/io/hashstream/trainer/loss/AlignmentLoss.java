package io.hashstream.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.List;

/**
 * CroVCA's alignment term: binary cross-entropy with logits between one view's logits and hard
 * 0/1 codes that carry no gradient (the other view's own codes, or class-prototype codes). All
 * operations are DJL NDArray ops on the gradient tape; targets are built from {@code
 * stopGradient()} copies, so they are constants; numeric constants come from {@link Scalars}.
 * Stateless.
 */
public final class AlignmentLoss {
  private AlignmentLoss() {}

  /**
   * {@code mean(max(x, 0) − x·t + log(1 + exp(−|x|)))} over all entries: torch's
   * BCEWithLogitsLoss with mean reduction, in its numerically stable form.
   *
   * @param logits x
   * @param targets t, same shape, 0 or 1
   * @return a 0-d array
   */
  public static NDArray binaryCrossEntropy(NDArray logits, NDArray targets) {
    return Activation.relu(logits)
        .sub(logits.mul(targets))
        .add(logits.abs().neg().exp().add(Scalars.of(logits, 1)).log())
        .mean();
  }

  /**
   * {@code 1[logit > 0]} as constant targets of the logits' data type.
   *
   * @param logits logits
   * @return 0/1 array without gradient
   */
  public static NDArray hardCodes(NDArray logits) {
    return logits.stopGradient().gt(0).toType(logits.getDataType(), false);
  }

  /**
   * Unsupervised alignment: the mean over ordered view pairs i ≠ j of BCE(P_i, 1[P_j > 0]); for
   * two views {@code ½[BCE(P₁, C₂) + BCE(P₂, C₁)]}.
   *
   * @param views logits of each view, same shape, at least two
   * @return the term
   */
  public static LossTerm crossView(List<NDArray> views) {
    if (views.size() < 2) {
      throw new IllegalArgumentException("cross-view alignment needs two views: " + views.size());
    }
    NDArray sum = null;
    for (int j = 0; j < views.size(); j++) {
      NDArray codes = hardCodes(views.get(j));
      for (int i = 0; i < views.size(); i++) {
        if (i != j) {
          NDArray bce = binaryCrossEntropy(views.get(i), codes);
          sum = sum == null ? bce : sum.add(bce);
        }
      }
    }
    NDArray mean = sum.mul(Scalars.of(sum, 1.0 / (views.size() * (views.size() - 1))));
    return new LossTerm(mean, LossTerm.scalar(mean));
  }

  /**
   * Supervised alignment: the mean over views of BCE(P_v, T) with one target T for all views.
   *
   * @param views logits of each view, at least one
   * @param targets constant 0/1 targets of the views' shape
   * @return the term
   */
  public static LossTerm toTargets(List<NDArray> views, NDArray targets) {
    NDArray sum = null;
    for (NDArray view : views) {
      NDArray bce = binaryCrossEntropy(view, targets);
      sum = sum == null ? bce : sum.add(bce);
    }
    NDArray mean = sum.mul(Scalars.of(sum, 1.0 / views.size()));
    return new LossTerm(mean, LossTerm.scalar(mean));
  }
}
