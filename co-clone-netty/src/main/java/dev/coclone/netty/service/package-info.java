/** The completion service's routes: Co-Clone's own API and the Ollama/OpenAI-compatible ones. */
package dev.coclone.netty.service;
