/** Wire plumbing of the harness: HTTP/1.1 parsing, chunked writing, client-gone detection. */
package dev.coclone.testing.internal;
