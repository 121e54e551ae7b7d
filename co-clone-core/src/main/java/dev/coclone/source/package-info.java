/** The vocabulary every feature shares: languages, source files, line index, lexer, modes, snippets; imports no other Co-Clone package. */
package dev.coclone.source;
