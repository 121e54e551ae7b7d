/** Codebase context: symbols per file, similar-code windows, and retrieval within a prompt budget. */
package dev.coclone.context;
