/**
 * Batched inference for the streaming job: {@code PendingUpload} in, {@code HashedUpload} (raw
 * embedding and a code per live model version, or a dead-letter reason) out.
 *
 * <pre>{@code
 * DataStream<HashedUpload> hashed = AsyncDataStream.unorderedWait(pendingUploads,
 *     new InferenceFunction(config), timeoutMillis, TimeUnit.MILLISECONDS, capacity);
 * }</pre>
 *
 * <p>{@link io.hashstream.flink.inference.InferenceFunction} is an async operator over the one
 * {@link io.hashstream.flink.inference.InferenceService} of its TaskManager, which groups uploads
 * into engine batches with {@link io.hashstream.flink.inference.MicroBatcher}s.
 */
package io.hashstream.flink.inference;
