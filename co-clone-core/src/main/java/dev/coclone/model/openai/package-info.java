/** The OpenAI-compatible backend: {@code /v1/completions} with server-sent events (llama.cpp, vLLM, LM Studio). */
package dev.coclone.model.openai;
