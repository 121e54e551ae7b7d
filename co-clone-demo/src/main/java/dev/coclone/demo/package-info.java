/**
 * The {@code java -jar co-clone-demo.jar} launcher: picocli commands for the server
 * ({@link dev.coclone.demo.Main}), {@code proxy} and {@code bench}; it parses and wires, the app
 * itself is {@code dev.coclone.netty.app.CoCloneApp}.
 */
package dev.coclone.demo;
