/**
 * Matching every upload against the banks (hash lists of known content, shared by every tenant):
 * {@link io.hashstream.flink.banks.BankDecodeFunction} reads {@code bank-signals}, {@link
 * io.hashstream.flink.banks.BankMatchFunction} holds the entries partitioned by id and answers the
 * broadcast {@link io.hashstream.flink.banks.BankQuery} of every upload, {@link
 * io.hashstream.flink.banks.BankEnrichFunction} joins each hit with its entry's record and the
 * tenant's subscriptions into a {@code BankMatch}.
 */
package io.hashstream.flink.banks;
