/** Symbol extraction (JavaParser for Java, a structural token scan for Python and JavaScript/TypeScript) and the window index. */
package dev.coclone.context.internal;
