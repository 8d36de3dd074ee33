package io.hashstream.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * One loss term: the scalar to back-propagate and its value in double precision for reporting.
 *
 * @param loss a 0-d array on the gradient tape; closed with its NDManager
 * @param value the term's value
 */
public record LossTerm(NDArray loss, double value) {
  static double scalar(NDArray array) {
    return array.stopGradient().toType(DataType.FLOAT64, false).getDouble();
  }
}
