/**
 * Meta's PDQ perceptual hash, bit-identical to the reference Java implementation: 256-bit hashes in
 * this project's {@link io.hashstream.code.CodeLength#BITS_256} packing, with a quality score and
 * the eight rotation and mirror variants from one transform.
 *
 * <pre>{@code
 * PdqHasher hasher = new PdqHasher();                 // one per thread: reuses scratch buffers
 * PdqHash hash = hasher.hash(image);                  // RgbImage, or a BufferedImage from ImageIO
 * if (hash.isUseful()) index.insert(id, hash.code(), 0);  // quality >= 50
 * PdqHash listed = PdqHash.fromHex(hexFromSharingList, 100);
 * boolean match = hash.distance(listed) <= PdqHash.DEFAULT_MATCH_RADIUS;   // 31 bits
 * }</pre>
 *
 * <p>{@link io.hashstream.pdq.PdqHasher} is the only stateful type (per-thread buffers); {@link
 * io.hashstream.pdq.PdqHash} and {@link io.hashstream.pdq.PdqDihedralHashes} are immutable values.
 * PDQ is sensitive to padding (a 10% black border moves the hash of the fixture's bridge photo by
 * 122 bits): trim uniform margins first with {@link io.hashstream.image.BorderTrimmer} (back to 0
 * bits) if letterboxed or padded copies should match their originals.
 */
package io.hashstream.pdq;
