package dev.coclone.netty.auth;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Where the long-lived API key and the token signing secret live when the user gave none: files
 * in a folder (by default {@code ~/.co-clone}), created owner-only (0700, files 0600) at first
 * start; a folder that others can read is narrowed to owner-only. Also reads an API key from a
 * file the user names ({@code --api-key-file}), so the key need not show in {@code ps}.
 */
public final class ApiKeyStore {
  private static final Logger LOG = Logger.getLogger(ApiKeyStore.class.getName());
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path dir;
  private final SecureRandom random = new SecureRandom();

  /**
   * Uses a folder for the key files.
   *
   * @param dir the folder (created owner-only if missing)
   */
  public ApiKeyStore(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  /**
   * Result of loading or creating the API key.
   *
   * @param value   the key
   * @param file    where it is stored
   * @param created true if it was just generated
   */
  public record Loaded(String value, Path file, boolean created) {}

  /**
   * Reads an API key from a file the user names: its first line, without surrounding blanks.
   *
   * @param file the file
   * @return the key
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if the file holds no key, naming the file
   */
  public static String readApiKey(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new IllegalArgumentException("the API key file " + file + " is not UTF-8 text; put the key on its "
          + "first line", e);
    }
    String key = text.lines().findFirst().orElse("").strip();
    if (key.isEmpty()) {
      throw new IllegalArgumentException("the API key file " + file + " is empty; put the key on its first line");
    }
    return key;
  }

  /**
   * Loads the API key, generating and storing one at first use.
   *
   * @return the key and whether it was just created
   * @throws IOException if the folder cannot be written
   */
  public Loaded apiKey() throws IOException {
    ensureDir();
    Path file = dir.resolve("api-key");
    if (Files.isRegularFile(file)) {
      ownerOnly(file);
      String v = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (!v.isEmpty()) {
        return new Loaded(v, file, false);
      }
    }
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String key = "cc-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    write(file, key);
    return new Loaded(key, file, true);
  }

  /**
   * Loads the token signing secret, generating it at first use.
   *
   * @return 32 bytes
   * @throws IOException if the folder cannot be written
   */
  public byte[] signingSecret() throws IOException {
    ensureDir();
    Path file = dir.resolve("token-secret");
    if (Files.isRegularFile(file)) {
      ownerOnly(file);
      byte[] b = HexFormat.of().parseHex(Files.readString(file).strip());
      if (b.length >= 32) {
        return b;
      }
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    write(file, HexFormat.of().formatHex(secret));
    return secret;
  }

  private void ensureDir() throws IOException {
    ensureOwnerOnlyDir(dir);
  }

  /** Creates the folder owner-only (0700), or narrows it to that. */
  static void ensureOwnerOnlyDir(Path dir) throws IOException {
    if (!POSIX) {
      // Windows: the user's profile folder is private already.
      Files.createDirectories(dir);
      return;
    }
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
    }
    // createDirectories honours the umask; and an older version created the folder 0755.
    if (!Files.getPosixFilePermissions(dir).equals(DIR)) {
      LOG.info("making " + dir + " owner-only (0700): it holds the API key and the token signing secret");
      Files.setPosixFilePermissions(dir, DIR);
    }
  }

  static void ownerOnly(Path file) throws IOException {
    if (POSIX && !Files.getPosixFilePermissions(file).equals(FILE)) {
      Files.setPosixFilePermissions(file, FILE);
    }
  }

  /** Writes owner-only from the first byte: a temporary file made 0600, then moved in place. */
  private void write(Path file, String content) throws IOException {
    writeOwnerOnly(file, content + "\n");
  }

  /** Writes a file of the folder owner-only from the first byte, atomically (a temporary file moved in place). */
  static void writeOwnerOnly(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    FileAttribute<?>[] attrs = POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
        : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp", attrs);
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
