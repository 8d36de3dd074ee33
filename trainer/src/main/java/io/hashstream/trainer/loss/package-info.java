/**
 * The CroVCA objective on DJL NDArrays: {@link io.hashstream.trainer.loss.AlignmentLoss} (BCE
 * against hard codes that carry no gradient), {@link io.hashstream.trainer.loss.ClassPrototypeTargets}
 * (supervised targets), {@link io.hashstream.trainer.loss.CodingRateLoss} (the coding-rate term,
 * whose logdet gradient is computed exactly in Java by {@link
 * io.hashstream.trainer.loss.CodingRate} and injected), combined by {@link
 * io.hashstream.trainer.loss.CrovcaLoss}.
 *
 * <pre>{@code
 * try (GradientCollector collector = engine.newGradientCollector()) {
 *   CrovcaLoss.Terms terms = CrovcaLoss.paper().unsupervised(List.of(logits1, logits2));
 *   collector.backward(terms.total());       // terms.alignment(), terms.codingRate() to report
 * }
 * }</pre>
 */
package io.hashstream.trainer.loss;
