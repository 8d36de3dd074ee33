/**
 * Binary codes packed into {@code long} words: the lengths ({@link io.hashstream.code.CodeLength},
 * 16 to 256 bits), a growable packed list ({@link io.hashstream.code.PackedCodes}), Hamming
 * distance ({@link io.hashstream.code.Hamming}) and the lower-case hex form ({@link
 * io.hashstream.code.HexCodes}). No boxing and no per-code objects anywhere.
 *
 * <pre>{@code
 * long[] code = new long[CodeLength.BITS_64.words()];
 * PackedCodes.packSigns(logits, 0, CodeLength.BITS_64, code, 0);   // bit i = logits[i] > 0
 * String hex = HexCodes.encode(CodeLength.BITS_64, code, 0);         // 16 hex chars, bit 0 first
 * int d = Hamming.distance(code[0], HexCodes.decode("00ff00ff00ff00ff")[0]);
 * }</pre>
 */
package io.hashstream.code;
