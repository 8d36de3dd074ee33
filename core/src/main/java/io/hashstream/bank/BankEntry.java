package io.hashstream.bank;

import io.hashstream.code.CodeLength;
import io.hashstream.code.HexCodes;
import io.hashstream.pdq.PdqHash;
import java.util.Objects;

/**
 * A bank entry as the indexes hold it: its id, which signal it is (a PDQ hash, or a CroVCA code of
 * one model version), and the signal's packed bits. The record-level rules of {@code bank-signals}
 * (key, names, ids) are checked by {@code io.hashstream.schemas.BankKeys#requireValid} before.
 *
 * @param entryId the entry's 64-bit id ({@code BankKeys.entryId} of its key)
 * @param modelVersion the CroVCA model version, or null for a PDQ hash
 * @param length the code length (256 bits for PDQ)
 * @param code the packed bits, {@code length.words()} longs
 */
public record BankEntry(long entryId, String modelVersion, CodeLength length, long[] code) {

  /** Checks the parts. */
  public BankEntry {
    Objects.requireNonNull(length, "length");
    if (code.length != length.words()) {
      throw new IllegalArgumentException(length + " needs " + length.words() + " words");
    }
    if (modelVersion == null && length != PdqHash.CODE_LENGTH) {
      throw new IllegalArgumentException("a PDQ hash has 256 bits, not " + length);
    }
  }

  /**
   * A PDQ entry.
   *
   * @throws IllegalArgumentException if {@code hex} is not 64 hex digits
   */
  public static BankEntry pdq(long entryId, String hex) {
    return new BankEntry(entryId, null, PdqHash.CODE_LENGTH, PdqHash.fromHex(hex, 100).code());
  }

  /**
   * A CroVCA entry: a code of {@code bits} bits under {@code modelVersion}.
   *
   * @throws IllegalArgumentException if the length is unsupported or the hex does not fit it
   */
  public static BankEntry code(long entryId, String modelVersion, int bits, String hex) {
    CodeLength length = CodeLength.ofBits(bits);
    long[] code = new long[length.words()];
    HexCodes.decode(hex, length, code, 0);
    return new BankEntry(entryId, Objects.requireNonNull(modelVersion, "modelVersion"), length, code);
  }

  /** Whether this is a PDQ hash (else a CroVCA code). */
  public boolean isPdq() {
    return modelVersion == null;
  }

  /** Adds this entry to {@code index}. */
  public void addTo(BankIndex index) {
    if (isPdq()) {
      index.addPdq(entryId, code, 0);
    } else {
      index.addCode(modelVersion, length, entryId, code, 0);
    }
  }

  /** Removes this entry from {@code index}; returns whether it was there. */
  public boolean removeFrom(BankIndex index) {
    return isPdq()
        ? index.removePdq(entryId, code, 0)
        : index.removeCode(modelVersion, entryId, code, 0);
  }

  /** The signal as lower-case hex. */
  public String hex() {
    return HexCodes.encode(length, code, 0);
  }
}
