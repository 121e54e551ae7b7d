/** The Ollama backend: {@code /api/generate} with NDJSON streaming. */
package dev.coclone.model.ollama;
