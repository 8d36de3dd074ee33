package io.hashstream.code;

/**
 * Lower-case hex form of packed codes: the code's bits in order, four to a character, so a code of
 * {@code b} bits is {@code b / 4} characters (see {@link CodeLength} for the bit order).
 *
 * <p>Decoding accepts upper-case digits too and infers the length from the number of characters.
 * Stateless; encoding allocates the returned string only.
 */
public final class HexCodes {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private HexCodes() {}

  /** Returns the hex form of the code of the given length at {@code code[offset]}. */
  public static String encode(CodeLength length, long[] code, int offset) {
    char[] out = new char[length.hexChars()];
    if (length.words() == 1) {
      putWord(code[offset], out, 0, out.length);
    } else {
      for (int w = 0; w < length.words(); w++) {
        putWord(code[offset + w], out, w * 16, 16);
      }
    }
    return new String(out);
  }

  /** Returns the hex form of a one-word code of the given length. */
  public static String encode(CodeLength length, long code) {
    if (length.words() != 1) {
      throw new IllegalArgumentException(length + " does not fit one word");
    }
    char[] out = new char[length.hexChars()];
    putWord(code, out, 0, out.length);
    return new String(out);
  }

  private static void putWord(long word, char[] out, int at, int chars) {
    for (int c = chars - 1; c >= 0; c--) {
      out[at + c] = DIGITS[(int) (word & 0xF)];
      word >>>= 4;
    }
  }

  /**
   * Returns the code length a hex string of this many characters encodes.
   *
   * @throws IllegalArgumentException if no supported length has that many characters
   */
  public static CodeLength lengthOf(CharSequence hex) {
    return CodeLength.ofBits(hex.length() * 4);
  }

  /** Decodes a hex code into a new array of {@link CodeLength#words()} words. */
  public static long[] decode(CharSequence hex) {
    CodeLength length = lengthOf(hex);
    long[] code = new long[length.words()];
    decode(hex, length, code, 0);
    return code;
  }

  /**
   * Decodes a hex code of the given length into {@code dst[dstOffset..]}.
   *
   * @throws IllegalArgumentException if the string has the wrong length or a non-hex character
   */
  public static void decode(CharSequence hex, CodeLength length, long[] dst, int dstOffset) {
    if (hex.length() != length.hexChars()) {
      throw new IllegalArgumentException(
          "a " + length.bits() + "-bit code has " + length.hexChars() + " hex chars, got "
              + hex.length());
    }
    int charsPerWord = Math.min(16, length.hexChars());
    for (int w = 0; w < length.words(); w++) {
      long word = 0;
      for (int c = 0; c < charsPerWord; c++) {
        int at = w * 16 + c;
        int digit = Character.digit(hex.charAt(at), 16);
        if (digit < 0) {
          throw new IllegalArgumentException("not a hex digit at " + at + ": '" + hex.charAt(at) + "'");
        }
        word = (word << 4) | digit;
      }
      dst[dstOffset + w] = word;
    }
  }
}
