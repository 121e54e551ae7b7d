package dev.coclone.workspace;

import java.io.IOException;

/**
 * A write refused because the file on disk is not the version the writer started from: someone
 * (another editor, git, a build) changed, created or deleted it since. The caller decides: reload
 * the disk's text, or write again without an expected version to overwrite it.
 */
public final class ChangedOnDiskException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String path;
  private final String currentSha256;

  /**
   * Creates the exception.
   *
   * @param path          the workspace-relative path
   * @param currentSha256 the SHA-256 of the text on disk now, or null when the file does not exist
   */
  public ChangedOnDiskException(String path, String currentSha256) {
    super(currentSha256 == null
        ? "'" + path + "' was deleted on disk since it was opened; save again to create it anew"
        : "'" + path + "' changed on disk since it was opened; reload it, or save again to overwrite the disk's version");
    this.path = path;
    this.currentSha256 = currentSha256;
  }

  /** The workspace-relative path. */
  public String path() {
    return path;
  }

  /** The SHA-256 of the text on disk now (hex), or null when the file does not exist. */
  public String currentSha256() {
    return currentSha256;
  }
}
