package io.hashstream.alerts.processor;

import io.hashstream.schemas.ActionType;
import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.ModerationVerdict;
import io.hashstream.schemas.Verdict;

/**
 * A match fell within the distance limit of a bank that holds the matched image.
 *
 * @param bank the bank
 * @param verdict the image's verdict in it
 * @param decidedBy who placed it
 */
public record BankHit(String bank, Verdict verdict, String decidedBy) {

  static BankHit of(ModerationVerdict v) {
    return new BankHit(v.getBank(), v.getVerdict(), v.getDecidedBy());
  }

  /** The bank of an entry an upload matched; its verdict was the entry's when the match was found. */
  static BankHit of(BankMatch m) {
    return new BankHit(m.getBank(), m.getVerdict(), "bank list");
  }

  /** The action a match against this bank asks for: BLOCK, REVIEW, or null (none). */
  public ActionType action() {
    return switch (verdict) {
      case REMOVE -> ActionType.BLOCK;
      case REVIEW -> ActionType.REVIEW;
      case ALLOW, UNKNOWN -> null;
    };
  }
}
