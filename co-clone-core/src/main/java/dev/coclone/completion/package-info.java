/**
 * The completion API: requests, calls, streaming listeners, the engine (the one registry of calls
 * in flight, its bounded executor and its event listeners), post-processing and the cache.
 */
package dev.coclone.completion;
