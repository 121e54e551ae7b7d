/**
 * The wire formats Co-Clone speaks, encoded in one place: SSE and NDJSON framing, one codec per
 * protocol (Co-Clone's own, Ollama's, OpenAI's completions, Tabby's, llama.cpp server's infill)
 * with that protocol's error shape, and the one mapping of failures to errors. Typed records in,
 * strings out; used by the servers and by the test harness's model servers alike.
 */
package dev.coclone.wire;
