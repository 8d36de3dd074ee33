/**
 * What {@code ./hashstream demo} feeds the running system: the bundled sample photos ({@link
 * io.hashstream.demo.DemoPhotos}), the upload stream of originals and planted near-duplicate
 * copies over two tenants ({@link io.hashstream.demo.DemoUploads}), and the second HashCoder
 * published mid-run for the hot swap ({@code DemoModel}).
 *
 * <pre>{@code
 * DemoUploads uploads = DemoUploads.bundled(0);
 * try (Producer<String, ImageEvent> producer =
 *     DemoUploads.openProducer(ClientConnection.defaults())) {
 *   uploads.send(producer, 4.0, (upload, event, metadata, error) -> System.out.println(
 *       upload.key() + (upload.isCopy() ? " copy of " + upload.duplicateOf() : "")));
 * }
 * }</pre>
 */
package io.hashstream.demo;
