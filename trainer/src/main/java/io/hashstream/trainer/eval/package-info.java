/**
 * Model measurements through the serving path ({@link io.hashstream.model.HashCoderSession}):
 * {@link io.hashstream.trainer.eval.BitBalance}, the fraction of ones of every bit.
 *
 * <pre>{@code
 * double[] ones = BitBalance.fractionOfOnes(session, processedRows, 4096);
 * double worst = Math.max(0.5 - BitBalance.min(ones), BitBalance.max(ones) - 0.5);
 * }</pre>
 */
package io.hashstream.trainer.eval;
