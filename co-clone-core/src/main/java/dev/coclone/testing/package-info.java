/**
 * The unit-test harness: a scripted model server that speaks Ollama's and OpenAI's protocols byte
 * for byte ({@link dev.coclone.testing.MockModelServer}), an in-process scripted backend
 * ({@link dev.coclone.testing.ScriptedBackend}), and a thin JUnit 5 extension. Script, run, verify.
 */
package dev.coclone.testing;
