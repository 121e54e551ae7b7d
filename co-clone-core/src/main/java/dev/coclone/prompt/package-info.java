/** Fill-in-the-middle prompt templates per model family and prompt assembly with context. */
package dev.coclone.prompt;
