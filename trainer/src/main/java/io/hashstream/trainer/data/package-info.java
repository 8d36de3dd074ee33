/**
 * Training inputs: {@link io.hashstream.trainer.data.Npy} reads NumPy {@code .npy} embeddings and
 * labels, {@link io.hashstream.trainer.data.TrainingSet} holds the views (and labels) of each image,
 * {@link io.hashstream.trainer.data.EpochOrder} gives the seeded batch order, and {@link
 * io.hashstream.trainer.data.ClusteredViewPairs} makes seeded test and benchmark data.
 *
 * <pre>{@code
 * TrainingSet raw = TrainingSet.read(List.of(view1Npy, view2Npy), null);  // unsupervised
 * EmbeddingPostprocessor post = raw.fitPostprocessor("mobilenet_v2_140");
 * TrainingSet processed = raw.postprocessed(post);
 * }</pre>
 */
package io.hashstream.trainer.data;
