/**
 * Model versions in a running job: {@link io.hashstream.flink.model.ModelReference} (what a
 * control message promises), {@link io.hashstream.flink.model.ModelCatalog} (each version checked
 * and loaded once per TaskManager JVM, reference counted) and {@link
 * io.hashstream.flink.model.LoadedModel} (raw embeddings in, packed codes out).
 */
package io.hashstream.flink.model;
