package dev.coclone.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Atomic writes and content hashes for the workspace's files on disk. */
final class DiskFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private DiskFiles() {}

  /** Hex SHA-256 of a text's UTF-8 bytes. */
  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The SHA-256 of a file's text on disk, or null when there is no regular file there. */
  static String currentSha256(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    return sha256(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
  }

  /**
   * Writes text so that readers see the old file or the new one, never half of it: a temporary file
   * in the same folder, then a rename over the target. The file keeps its permissions (a script its
   * executable bit, a shared file its group's read); a new one gets those any new file gets here
   * (the process's umask), not a temporary file's owner-only 0600.
   */
  static void writeAtomically(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = newTemporary(file);
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          && Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** An empty file next to {@code file} with a name of its own, made as any new file is (umask applies). */
  private static Path newTemporary(Path file) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path tmp = file.resolveSibling("." + file.getFileName() + "." + Long.toHexString(RANDOM.nextLong())
          + ".co-clone.tmp");
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }
}
