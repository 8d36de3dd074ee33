package io.hashstream.alerts.processor;

import io.hashstream.schemas.NearDuplicate;

/**
 * A match with what the banks say about its matched image.
 *
 * @param match the match
 * @param hit the bank the matched image is in (within that bank's distance limit), or null
 * @param retroactive whether a verdict that arrived after the match produced this
 */
public record Assessment(NearDuplicate match, BankHit hit, boolean retroactive) {}
