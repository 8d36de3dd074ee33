package io.hashstream.alerts.processor;

import io.hashstream.alerts.topology.TenantKeys;
import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.MatchSignal;
import io.hashstream.schemas.ModerationVerdict;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.Verdict;

/** The rules each input topic's records must keep, and the key each is re-keyed by. */
public final class InputChecks {
  /** The longest image id or bank name accepted. */
  public static final int MAX_ID_CHARS = 256;

  private InputChecks() {}

  /** Matches: key {@code tenant/queryId}; the key the streaming job chose is not relied on. */
  public static final RecordCheck<NearDuplicate> NEAR_DUPLICATE =
      (rawKey, m) -> {
        String query = m.getQueryId();
        tenant(m.getTenant(), query);
        id("queryId", query, query);
        id("matchId", m.getMatchId(), query);
        if (query.equals(m.getMatchId())) {
          throw new InvalidRecordException("an image matched itself (" + query + ")", query);
        }
        if (m.getBits() <= 0 || m.getDistance() < 0 || m.getDistance() > m.getBits()) {
          throw new InvalidRecordException(
              "distance " + m.getDistance() + " is not within 0.." + m.getBits() + " bits", query);
        }
        if (m.getModelVersion().isBlank()) {
          throw new InvalidRecordException("modelVersion is blank", query);
        }
        return TenantKeys.key(m.getTenant(), query);
      };

  /**
   * Verdicts: the key must be {@code tenant/imageId} (the compacted topic's identity) and agree
   * with the value; a tombstone needs a well-formed key.
   */
  public static final RecordCheck<ModerationVerdict> VERDICT =
      (rawKey, v) -> {
        if (rawKey == null || TenantKeys.idOf(rawKey) == null) {
          throw new InvalidRecordException(
              "verdict key must be tenant/imageId, was " + rawKey,
              v == null ? null : v.getImageId());
        }
        tenant(TenantKeys.tenantOf(rawKey), TenantKeys.idOf(rawKey));
        id("imageId", TenantKeys.idOf(rawKey), TenantKeys.idOf(rawKey));
        if (v == null) {
          return rawKey;
        }
        String expected = TenantKeys.key(v.getTenant(), v.getImageId());
        if (!rawKey.equals(expected)) {
          throw new InvalidRecordException(
              "verdict key " + rawKey + " disagrees with its value (" + expected + ")",
              v.getImageId());
        }
        id("bank", v.getBank(), v.getImageId());
        return rawKey;
      };

  /** Bank entries' matches: key {@code tenant/imageId}. */
  public static final RecordCheck<BankMatch> BANK_MATCH =
      (rawKey, m) -> {
        String image = m.getImageId();
        tenant(m.getTenant(), image);
        id("imageId", image, image);
        id("bank", m.getBank(), image);
        id("contentId", m.getContentId(), image);
        if (m.getBits() <= 0 || m.getDistance() < 0 || m.getDistance() > m.getBits()) {
          throw new InvalidRecordException(
              "distance " + m.getDistance() + " is not within 0.." + m.getBits() + " bits", image);
        }
        if (m.getSignal() == MatchSignal.OTHER || m.getVerdict() == Verdict.UNKNOWN) {
          throw new InvalidRecordException("unknown signal or verdict", image);
        }
        return TenantKeys.key(m.getTenant(), image);
      };

  /** Uploads: key {@code tenant/imageId}. */
  public static final RecordCheck<ImageEvent> IMAGE =
      (rawKey, e) -> {
        tenant(e.getTenant(), e.getImageId());
        id("imageId", e.getImageId(), e.getImageId());
        return TenantKeys.key(e.getTenant(), e.getImageId());
      };

  private static void tenant(String tenant, String imageId) {
    if (!TenantKeys.isValidTenant(tenant)) {
      throw new InvalidRecordException("tenant must not be empty or contain '/', was '" + tenant + "'", imageId);
    }
    id("tenant", tenant, imageId);
  }

  /** Whether {@code value} can be an id: 1..{@value #MAX_ID_CHARS} characters, not blank, no control characters. */
  public static boolean isValidId(String value) {
    return value != null
        && !value.isBlank()
        && value.length() <= MAX_ID_CHARS
        && value.chars().noneMatch(Character::isISOControl);
  }

  private static void id(String field, String value, String imageId) {
    if (!isValidId(value)) {
      throw new InvalidRecordException(
          field + " must be 1.." + MAX_ID_CHARS + " characters without control characters, was '"
              + value + "'",
          imageId);
    }
  }
}
