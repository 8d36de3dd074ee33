/**
 * Model measurements through the serving path ({@link io.hashstream.model.HashCoderSession}):
 * {@link io.hashstream.trainer.eval.BitBalance}, the fraction of ones of every bit; and the
 * quality metrics of the hashing benchmark ({@code ./hashstream bench-quality}, in
 * {@code benchmarks/job}): {@link io.hashstream.trainer.eval.MeanAveragePrecision}
 * (mAP@k over {@link io.hashstream.trainer.eval.Rankings}) for labelled retrieval, and {@link
 * io.hashstream.trainer.eval.CopyDetection} (recall per transform family at a {@link
 * io.hashstream.trainer.eval.FalseMatchOperatingPoint}, and top-1) for copy detection.
 *
 * <pre>{@code
 * double[] ones = BitBalance.fractionOfOnes(session, processedRows, 4096);
 * double worst = Math.max(0.5 - BitBalance.min(ones), BitBalance.max(ones) - 0.5);
 * }</pre>
 */
package io.hashstream.trainer.eval;
