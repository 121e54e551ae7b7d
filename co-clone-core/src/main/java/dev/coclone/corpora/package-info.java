/** Background corpora found on the machine for the embedded engine: the JDK's sources, Maven -sources.jars, Python's standard library and virtual environment, node_modules. */
package dev.coclone.corpora;
