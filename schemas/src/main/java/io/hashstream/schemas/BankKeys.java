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
