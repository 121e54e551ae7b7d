/** The engine's data structures: lexer, vocabulary, reversed suffix array, cache model, layout. */
package dev.coclone.engine.internal;
