/** Per-language parsing and dependent search behind the signature tracker. */
package dev.coclone.signature.internal;
