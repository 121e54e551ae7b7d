/** The completion API: requests, calls, streaming listeners, post-processing and the cache. */
package dev.coclone.completion;
