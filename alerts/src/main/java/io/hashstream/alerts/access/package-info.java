/**
 * Who may see what in the look-up API and the live page: bearer tokens from a {@link
 * io.hashstream.alerts.access.TokenFile} (stored as digests), each scoped to some tenants or to all
 * ({@link io.hashstream.alerts.access.Scope}), and a {@link
 * io.hashstream.alerts.access.FailedAuthLimiter} against guessing. The HTTP side applies them in one
 * filter in front of every handler ({@code io.hashstream.alerts.http.AccessFilter}).
 *
 * <pre>{@code
 * TokenFile tokens = TokenFile.load(Path.of("tokens"));
 * Optional<Principal> who = tokens.authenticate(bearerToken);
 * boolean visible = who.map(p -> p.scope().mayRead("acme")).orElse(false);
 * }</pre>
 */
package io.hashstream.alerts.access;
