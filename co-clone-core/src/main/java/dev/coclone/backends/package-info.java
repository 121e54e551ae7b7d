/**
 * Wiring of the model backends: chooses Ollama, an OpenAI-compatible server or the embedded engine,
 * and balances over several model servers.
 */
package dev.coclone.backends;
