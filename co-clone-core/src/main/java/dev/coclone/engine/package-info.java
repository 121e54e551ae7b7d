/** The embedded offline engine: a cache n-gram model of code with unbounded-length matching. */
package dev.coclone.engine;
