/**
 * Experiments on the CroVCA training recipe (issue #3): cached evaluation embeddings, extra
 * training views (augmented views of the labelled sets' images, copy-like edits of the training
 * photos) and a runner that trains CroVCA and fits the hashing baselines on the same rows (with
 * {@link io.hashstream.bench.quality.QualityBenchmark#baselines}), then scores mAP@k and copy
 * detection exactly as {@link io.hashstream.bench.quality.QualityBenchmark} does. Deterministic
 * by seed. Not part of the shipped commands.
 */
package io.hashstream.bench.experiments;
