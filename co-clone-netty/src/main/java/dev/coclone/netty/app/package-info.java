/**
 * The whole Co-Clone app assembled in one builder: workspace scan and watch, context index,
 * embedded engine, backend choice, signature tracking and the server (or the multi-region stack).
 * The {@code java -jar} launcher is one caller; nothing in {@code dev.coclone.netty} imports this
 * package.
 */
package dev.coclone.netty.app;
