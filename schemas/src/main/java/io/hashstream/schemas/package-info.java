/**
 * The Avro contracts of every hashstream topic (generated classes) and {@link
 * io.hashstream.schemas.Topic}, the one list of topics.
 *
 * <pre>{@code
 * ImageEvent e = ImageEvent.newBuilder().setImageId("img-1").setTenant("t1")
 *     .setUploadedAt(Instant.now()).setImageBytes(ByteBuffer.wrap(jpeg)).build();
 * producer.send(new ProducerRecord<>(Topic.IMAGES.topicName(), "t1/img-1", e));
 * }</pre>
 */
package io.hashstream.schemas;
