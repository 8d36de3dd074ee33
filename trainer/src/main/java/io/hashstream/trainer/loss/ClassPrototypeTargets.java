package io.hashstream.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.Collections;
import java.util.List;

/**
 * Supervised CroVCA targets, as the paper's code builds them per batch: each class's prototype is
 * the mean logit of its samples over all views in the batch, each image's prototype is the mean of
 * its labels' prototypes, and the target is that prototype's sign, {@code 1[s > 0]}, the same for
 * every view.
 *
 * <pre>
 * Pall = [P_1; …; P_V]  (V·B × b),  Yall = [Y; …; Y]  (V·B × C)
 * mu   = Yallᵀ Pall / max(1, count_c)            (C × b)
 * s    = Y mu / max(1, |Y_i|)                     (B × b)
 * T    = 1[s > 0]
 * </pre>
 *
 * Built from {@code stopGradient()} copies: the targets are constants. Cost O(V·B·C·b). Stateless.
 */
public final class ClassPrototypeTargets {
  private ClassPrototypeTargets() {}

  /**
   * The targets of one batch.
   *
   * @param views logits of each view, {@code [B, b]}
   * @param labels multi-hot (or one-hot) labels {@code [B, C]} of the logits' data type
   * @return constant 0/1 targets {@code [B, b]}
   */
  public static NDArray of(List<NDArray> views, NDArray labels) {
    NDList detached = new NDList();
    for (NDArray view : views) {
      detached.add(view.stopGradient());
    }
    NDArray all = NDArrays.concat(detached, 0);
    NDArray labelsAll = NDArrays.concat(new NDList(Collections.nCopies(views.size(), labels)), 0);
    NDArray counts = labelsAll.sum(new int[] {0}).maximum(1).expandDims(1);
    NDArray classMeans = labelsAll.transpose().matMul(all).div(counts);
    NDArray labelsPerImage = labels.sum(new int[] {1}, true).maximum(1);
    NDArray prototypes = labels.matMul(classMeans).div(labelsPerImage);
    return prototypes.gt(0).toType(views.get(0).getDataType(), false);
  }
}
