/**
 * Banks of signals: hashes of known content that trust-and-safety teams share (PDQ) and codes of
 * banked images (CroVCA), searched exactly for every upload. {@link io.hashstream.bank.BankIndex}
 * holds them on the heap.
 *
 * <pre>{@code
 * BankIndex bank = new BankIndex();
 * bank.addPdq(entryId, PdqHash.fromHex(hexFromList, 100).code(), 0);
 * PdqHits hits = bank.searchPdq(uploadHash.code(), 31);  // or all 8 rotations/flips, packed
 * }</pre>
 */
package io.hashstream.bank;
