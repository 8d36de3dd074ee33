/**
 * The service's copy of the banks: {@link io.hashstream.lookup.bank.BankTable} (entries and their
 * exact index) and {@link io.hashstream.lookup.bank.BankFollower} (the topic into the table).
 */
package io.hashstream.lookup.bank;
