/**
 * HMA's API over HTTP: {@link io.hashstream.lookup.http.LookupHttpServer} on the JDK's server,
 * the routes and shapes in {@code HmaHandler}.
 */
package io.hashstream.lookup.http;
