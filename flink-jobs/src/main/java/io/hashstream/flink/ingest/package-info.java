/**
 * What happens to an upload event first: {@link io.hashstream.flink.ingest.UploadCheck} decides
 * its path (embedding, bytes or URI) or the dead-letter reason.
 *
 * <pre>{@code
 * UploadCheck check = new UploadCheck(BundledEncoder.ENCODER_ID, 1792, 16 << 20);
 * try { Upload u = check.check(event); ... } catch (RejectedUploadException e) { deadLetter(e.reason()); }
 * }</pre>
 */
package io.hashstream.flink.ingest;
