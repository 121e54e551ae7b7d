/** Shared plumbing of the server backends: streaming line reading with timeouts, error mapping. */
package dev.coclone.model.internal;
