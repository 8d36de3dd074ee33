package io.hashstream.alerts.processor;

import io.hashstream.schemas.ActionType;
import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.NearDuplicate;

/**
 * An action the cluster stage decided on for a match's query image, before flood control.
 *
 * @param match the match of two uploads that caused it, or null
 * @param entry the match of a bank entry that caused it, or null
 * @param action BLOCK, REVIEW or ALERT
 * @param hit the bank behind a BLOCK or REVIEW, else null
 * @param clusterId the query image's cluster (the root), or null if it has none
 * @param newMember whether the match brought the query image into its cluster
 * @param retroactive whether a late verdict produced it
 */
public record Decision(
    NearDuplicate match,
    BankMatch entry,
    ActionType action,
    BankHit hit,
    String clusterId,
    boolean newMember,
    boolean retroactive) {

  /** The tenant of the query image. */
  public String tenant() {
    return match != null ? match.getTenant() : entry.getTenant();
  }
}
