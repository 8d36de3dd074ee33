package io.hashstream.alerts.processor;

import io.hashstream.schemas.ActionType;
import io.hashstream.schemas.NearDuplicate;

/**
 * An action the cluster stage decided on for a match's query image, before flood control.
 *
 * @param match the match that caused it
 * @param action BLOCK, REVIEW or ALERT
 * @param hit the bank behind a BLOCK or REVIEW, else null
 * @param clusterId the query image's cluster (the root), or null if it has none any more
 * @param newMember whether the match brought the query image into its cluster
 * @param retroactive whether a late verdict produced it
 */
public record Decision(
    NearDuplicate match,
    ActionType action,
    BankHit hit,
    String clusterId,
    boolean newMember,
    boolean retroactive) {}
