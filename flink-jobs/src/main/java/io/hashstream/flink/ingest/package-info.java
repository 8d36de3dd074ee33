/**
 * What happens to input records first: {@link io.hashstream.flink.ingest.IngestFunction} decodes an
 * upload and {@link io.hashstream.flink.ingest.UploadCheck} decides its path (embedding, bytes or
 * URI) or the dead-letter reason; {@link io.hashstream.flink.ingest.ControlDecodeFunction} decodes
 * a control message. Whatever does not decode is a dead letter; the job goes on.
 *
 * <pre>{@code
 * UploadCheck check = new UploadCheck(BundledEncoder.ENCODER_ID, 1792, 16 << 20);
 * try { Upload u = check.check(event); ... } catch (RejectedUploadException e) { deadLetter(e.reason()); }
 * }</pre>
 */
package io.hashstream.flink.ingest;
