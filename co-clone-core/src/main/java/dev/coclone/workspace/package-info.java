/** The user's files as Co-Clone sees them: scanning, edits pushed from the editor, snapshots. */
package dev.coclone.workspace;
