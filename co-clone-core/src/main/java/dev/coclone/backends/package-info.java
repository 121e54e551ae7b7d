/**
 * Wiring of the model backends: chooses Ollama, an OpenAI-compatible server or the embedded engine,
 * balances over several model servers, and keeps what a server reports about their availability true.
 */
package dev.coclone.backends;
