package io.hashstream.code;

import java.util.HexFormat;

/**
 * The byte form of a code on the wire ({@code HashCode.code}): {@code bits / 8} bytes, bit 0 of
 * the code is the most significant bit of byte 0, the same order as the {@link HexCodes hex form}
 * (so the bytes are the hex form's digits in pairs). Stateless.
 */
public final class CodeBytes {
  private CodeBytes() {}

  /** The bytes of the code of the given length at {@code code[offset]}. */
  public static byte[] encode(CodeLength length, long[] code, int offset) {
    return HexFormat.of().parseHex(HexCodes.encode(length, code, offset));
  }

  /**
   * The packed code of its byte form.
   *
   * @throws IllegalArgumentException if the byte count is not that of a supported code length
   */
  public static long[] decode(byte[] bytes) {
    return HexCodes.decode(HexFormat.of().formatHex(bytes));
  }
}
