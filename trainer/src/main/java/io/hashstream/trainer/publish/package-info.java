/**
 * Publishing a trained model: a {@link io.hashstream.schemas.ModelUpdate} naming the artifact (by
 * URI and sha256) goes to the control topic {@code hashcoder-control}, Avro in the registry wire
 * format; the streaming job swaps the model in from there.
 *
 * <pre>{@code
 * ModelUpdate update = ModelUpdates.of(artifact, uri, sha256, "trainer", clock.instant());
 * try (ModelPublisher publisher = ModelPublisher.open(ClientConnection.defaults(), timeout)) {
 *   publisher.publish(update);                       // waits for the broker's acknowledgement
 * }
 * }</pre>
 */
package io.hashstream.trainer.publish;
