package dev.coclone.workspace;

import dev.coclone.source.SourceFile;
/** Hears about files the workspace learned of, edits pushed from the editor, and removals. */
public interface WorkspaceListener {
  /**
   * A file was added or changed (on disk or by an editor).
   *
   * @param file its current text
   */
  default void changed(SourceFile file) {}

  /**
   * A file was removed or renamed away.
   *
   * @param path its workspace path
   */
  default void removed(String path) {}
}
