package io.hashstream.code;

/**
 * The supported binary code lengths, and how a code of each length is packed into {@code long}
 * words.
 *
 * <p>Bit order: a code is a string of {@link #bits()} bits, bit 0 first. Codes of up to 64 bits
 * take one word and sit in its low bits, bit 0 being the most significant of them (a 16-bit code
 * is a value in {@code [0, 65535]}). Longer codes take {@link #words()} words; word 0 holds bits
 * 0..63, bit 0 in its most significant position. The hex form ({@link HexCodes}) is the same bit
 * string read four bits at a time, so {@code 0xabcd} is the 16-bit code {@code "abcd"}.
 */
public enum CodeLength {
  /** 16 bits in one word (low 16 bits). */
  BITS_16(16),
  /** 32 bits in one word (low 32 bits). */
  BITS_32(32),
  /** 64 bits in one word. */
  BITS_64(64),
  /** 128 bits in two words. */
  BITS_128(128),
  /** 256 bits in four words. */
  BITS_256(256);

  private final int bits;

  CodeLength(int bits) {
    this.bits = bits;
  }

  /** Returns the number of bits in a code. */
  public int bits() {
    return bits;
  }

  /** Returns the number of {@code long} words a packed code takes. */
  public int words() {
    return (bits + 63) >>> 6;
  }

  /** Returns the number of hex characters of a code. */
  public int hexChars() {
    return bits >>> 2;
  }

  /**
   * Returns the mask of the bits a word of this length may use: the low {@link #bits()} bits for
   * codes shorter than 64 bits, all bits otherwise. Packed codes must have every other bit clear.
   */
  public long wordMask() {
    return bits >= 64 ? -1L : (1L << bits) - 1;
  }

  /**
   * Returns whether {@code words} (from {@code offset}) is a valid packed code of this length: for
   * one-word codes shorter than 64 bits the bits above {@link #bits()} must be clear.
   */
  public boolean isValid(long[] words, int offset) {
    return bits >= 64 || (words[offset] & ~wordMask()) == 0;
  }

  /**
   * Returns the length with the given number of bits.
   *
   * @throws IllegalArgumentException if no supported length has that many bits
   */
  public static CodeLength ofBits(int bits) {
    for (CodeLength length : values()) {
      if (length.bits == bits) {
        return length;
      }
    }
    throw new IllegalArgumentException(
        "unsupported code length " + bits + " bits (supported: 16, 32, 64, 128, 256)");
  }
}
