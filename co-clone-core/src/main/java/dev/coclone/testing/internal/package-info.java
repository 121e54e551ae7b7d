/**
 * Wire plumbing of the harness: HTTP/1.1 parsing, chunked writing, client-gone detection. Replies
 * are encoded by the servers' own codecs in {@code dev.coclone.wire}.
 */
package dev.coclone.testing.internal;
