/** Symbol extraction (JavaParser for Java; tree-sitter for Python, JavaScript and TypeScript, with a structural token scan where tree-sitter cannot load or a Java file does not parse) and the window index. */
package dev.coclone.context.internal;
