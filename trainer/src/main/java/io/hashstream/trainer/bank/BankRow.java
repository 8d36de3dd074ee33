package io.hashstream.trainer.bank;

import io.hashstream.schemas.MatchSignal;
import java.util.List;

/**
 * One good row of an exchange file: a signal with its content id and tags, checked.
 *
 * @param line the row's line number (1-based)
 * @param signal PDQ or CROVCA
 * @param hex the signal, lower-case hex
 * @param contentId the content id (the hash itself when the file gives none)
 * @param tags the row's tags (none if the file gives none)
 * @param quality PDQ's quality score where the file gives one, else null
 * @param modelVersion CROVCA: the model version the code belongs to
 * @param bits CROVCA: the code length
 */
public record BankRow(
    long line, MatchSignal signal, String hex, String contentId, List<String> tags,
    Integer quality, String modelVersion, Integer bits) {}
