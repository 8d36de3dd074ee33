package io.hashstream.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The identity of bank entries on {@link Topic#BANK_SIGNALS}: the record key, and the two numbers
 * derived from it, computed the same way by every tool (the streaming job, {@code hashstream bank},
 * the look-up service), so that none needs a registry of ids.
 *
 * <ul>
 *   <li>{@link #key}: {@code bank/signal/contentId}, where signal is {@code pdq} or {@code
 *       crovca@<modelVersion>}; the content id comes last, so it may itself contain {@code /}.
 *   <li>{@link #entryId}: a 64-bit id of the key (the first 8 bytes of its SHA-256), what the
 *       streaming job partitions and indexes entries by.
 *   <li>{@link #bankContentId}: HMA's numeric content id, 53 bits of the SHA-256 of {@code
 *       bank/contentId}: one per piece of content (its signals share it), exact in JSON and
 *       JavaScript. At 10M contents the chance that any two share one is about 0.6%.
 * </ul>
 *
 * <p>Stateless; every method is a pure function.
 */
public final class BankKeys {
  /** Bank names: 1..128 characters of letters, digits, {@code _ . -}, starting with a letter or digit. */
  public static final Pattern BANK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  /** The longest content id accepted. */
  public static final int MAX_CONTENT_ID_CHARS = 256;

  private static final Pattern MODEL_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:+-]{0,127}");

  private BankKeys() {}

  /**
   * The record key of one signal of one piece of content.
   *
   * @param bank the bank ({@link #BANK_NAME})
   * @param signal PDQ or CROVCA
   * @param modelVersion the CroVCA model version (ignored for PDQ)
   * @param contentId the content id ({@link #isValidContentId})
   * @throws IllegalArgumentException if a part is not valid
   */
  public static String key(String bank, MatchSignal signal, String modelVersion, String contentId) {
    requireBank(bank);
    if (!isValidContentId(contentId)) {
      throw new IllegalArgumentException("content id must be 1.." + MAX_CONTENT_ID_CHARS
          + " characters without control characters, was '" + contentId + "'");
    }
    return bank + "/" + signalPart(signal, modelVersion) + "/" + contentId;
  }

  /** The key of a record's value. */
  public static String keyOf(BankSignal s) {
    return key(s.getBank(), s.getSignalType(), s.getModelVersion(), s.getContentId());
  }

  /** The bank a key names, or null if the key is not {@code bank/signal/contentId}. */
  public static String bankOf(String key) {
    int slash = key == null ? -1 : key.indexOf('/');
    return slash <= 0 ? null : key.substring(0, slash);
  }

  /** The content id a key names, or null if the key is not {@code bank/signal/contentId}. */
  public static String contentIdOf(String key) {
    int first = key == null ? -1 : key.indexOf('/');
    int second = first < 0 ? -1 : key.indexOf('/', first + 1);
    return second < 0 || second == key.length() - 1 ? null : key.substring(second + 1);
  }

  /** The 64-bit id of an entry's key (the streaming job's partitioning and index id). */
  public static long entryId(String key) {
    byte[] d = sha256(key);
    long id = 0;
    for (int i = 0; i < 8; i++) {
      id = (id << 8) | (d[i] & 0xff);
    }
    return id;
  }

  /** HMA's numeric id of a piece of content: 53 bits, positive, the same for all its signals. */
  public static long bankContentId(String bank, String contentId) {
    byte[] d = sha256(bank + "/" + contentId);
    long id = 0;
    for (int i = 0; i < 7; i++) {
      id = (id << 8) | (d[i] & 0xff);
    }
    return (id >>> 3) & ((1L << 53) - 1);
  }

  /**
   * Checks a record of {@code bank-signals} against its key: what every reader (the streaming job,
   * the look-up service, {@code hashstream bank}) refuses alike.
   *
   * @param key the record's key
   * @param value the record's value (not a tombstone)
   * @throws IllegalArgumentException saying what is wrong: a bad bank name, content id or model
   *     version; a key that is not the value's {@link #key}; a {@code bankContentId} that is not
   *     {@link #bankContentId}; an unknown signal type; hex of the wrong length (64 digits for PDQ,
   *     bits/4 for CroVCA, bits one of 16, 32, 64, 128, 256) or with a non-hex character; a quality
   *     outside 0..100; an UNKNOWN verdict
   */
  public static void requireValid(String key, BankSignal value) {
    String expected = keyOf(value);
    if (!expected.equals(key)) {
      throw new IllegalArgumentException("key '" + key + "' is not the entry's key '" + expected + "'");
    }
    long contentId = bankContentId(value.getBank(), value.getContentId());
    if (value.getBankContentId() != contentId) {
      throw new IllegalArgumentException("bankContentId " + value.getBankContentId()
          + " is not the one derived from bank and content id (" + contentId + ")");
    }
    requireHex(value.getSignalType(), value.getBits(), value.getSignal());
    if (value.getQuality() != null && (value.getQuality() < 0 || value.getQuality() > 100)) {
      throw new IllegalArgumentException("quality must be 0..100, was " + value.getQuality());
    }
    if (value.getVerdict() == Verdict.UNKNOWN) {
      throw new IllegalArgumentException("verdict must be REMOVE, REVIEW or ALLOW");
    }
  }

  /**
   * Checks a signal's hex: 64 digits for PDQ; for CroVCA {@code bits / 4} digits, {@code bits} one
   * of 16, 32, 64, 128, 256.
   *
   * @param bits the CroVCA code length (required for CroVCA)
   * @throws IllegalArgumentException naming the length or the first character that is wrong
   */
  public static void requireHex(MatchSignal signal, Integer bits, String hex) {
    int digits = switch (signal) {
      case PDQ -> 64;
      case CROVCA -> {
        if (bits == null || (bits != 16 && bits != 32 && bits != 64 && bits != 128 && bits != 256)) {
          throw new IllegalArgumentException(
              "a CroVCA code is 16, 32, 64, 128 or 256 bits, was " + bits);
        }
        yield bits / 4;
      }
      case OTHER -> throw new IllegalArgumentException("unknown signal type");
    };
    if (hex == null || hex.length() != digits) {
      throw new IllegalArgumentException("a " + (signal == MatchSignal.PDQ ? "PDQ hash" : bits
          + "-bit code") + " is " + digits + " hex digits, got "
          + (hex == null ? "none" : hex.length()));
    }
    for (int i = 0; i < digits; i++) {
      if (Character.digit(hex.charAt(i), 16) < 0 || hex.charAt(i) > 'f') {
        throw new IllegalArgumentException(
            "not a hex digit at " + (i + 1) + ": '" + hex.charAt(i) + "'");
      }
    }
  }

  /** Whether {@code bank} is a valid bank name. */
  public static boolean isValidBank(String bank) {
    return bank != null && BANK_NAME.matcher(bank).matches();
  }

  /** Whether {@code contentId} is 1..256 characters, not blank, without control characters. */
  public static boolean isValidContentId(String contentId) {
    return contentId != null
        && !contentId.isBlank()
        && contentId.length() <= MAX_CONTENT_ID_CHARS
        && contentId.chars().noneMatch(Character::isISOControl);
  }

  /** The signal part of a key: {@code pdq} or {@code crovca@<modelVersion>}. */
  public static String signalPart(MatchSignal signal, String modelVersion) {
    return switch (signal) {
      case PDQ -> "pdq";
      case CROVCA -> {
        if (modelVersion == null || !MODEL_VERSION.matcher(modelVersion).matches()) {
          throw new IllegalArgumentException(
              "a CroVCA entry needs a model version without '/', was '" + modelVersion + "'");
        }
        yield "crovca@" + modelVersion;
      }
      case OTHER -> throw new IllegalArgumentException("unknown signal type");
    };
  }

  /** The signal type of a name as exchange files write it ({@code pdq}, {@code crovca}), or null. */
  public static MatchSignal signalOfName(String name) {
    return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
      case "pdq" -> MatchSignal.PDQ;
      case "crovca" -> MatchSignal.CROVCA;
      default -> null;
    };
  }

  private static void requireBank(String bank) {
    if (!isValidBank(bank)) {
      throw new IllegalArgumentException("bank name must be 1..128 characters of letters, digits,"
          + " '_', '.', '-' starting with a letter or digit, was '" + bank + "'");
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }
}
