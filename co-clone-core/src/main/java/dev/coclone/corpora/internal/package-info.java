/** How background corpora are found and read: pom.xml files, import statements, interpreters, folder walks that stay inside their roots. */
package dev.coclone.corpora.internal;
