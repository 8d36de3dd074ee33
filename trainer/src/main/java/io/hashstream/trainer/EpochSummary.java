package io.hashstream.trainer;

/**
 * Means over the steps of one epoch (or of the steps run of a shortened last epoch).
 *
 * @param epoch 1-based epoch
 * @param steps steps run in it
 * @param loss mean total loss
 * @param alignment mean L_align
 * @param codingRate mean L_reg
 * @param seconds wall time of the epoch
 * @param rowsPerSecond images (each with all its views) per second
 */
public record EpochSummary(
    int epoch,
    int steps,
    double loss,
    double alignment,
    double codingRate,
    double seconds,
    double rowsPerSecond) {}
