/** Wiring of the model backends: chooses Ollama, an OpenAI-compatible server or the embedded engine. */
package dev.coclone.backends;
