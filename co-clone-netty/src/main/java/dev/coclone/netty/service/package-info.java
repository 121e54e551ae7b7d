/**
 * The completion service's routes: Co-Clone's own API, the Ollama/OpenAI-compatible ones, and
 * those of Tabby's and llama.cpp's servers for the editor plugins written for them.
 */
package dev.coclone.netty.service;
