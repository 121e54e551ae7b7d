package dev.coclone.netty.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Where the long-lived API key and the token signing secret live when the user gave none: files
 * in a folder (by default {@code ~/.co-clone}), created at first start with owner-only permissions.
 */
public final class ApiKeyStore {
  private final Path dir;
  private final SecureRandom random = new SecureRandom();

  /**
   * Uses a folder for the key files.
   *
   * @param dir the folder (created if missing)
   */
  public ApiKeyStore(Path dir) {
    this.dir = dir;
  }

  /** Result of loading or creating the API key. */
  public record Loaded(String value, Path file, boolean created) {}

  /**
   * Loads the API key, generating and storing one at first use.
   *
   * @return the key and whether it was just created
   * @throws IOException if the folder cannot be written
   */
  public Loaded apiKey() throws IOException {
    Path file = dir.resolve("api-key");
    if (Files.isRegularFile(file)) {
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
    Path file = dir.resolve("token-secret");
    if (Files.isRegularFile(file)) {
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

  private void write(Path file, String content) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(file, content + "\n", StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the user's profile folder is private already.
    }
  }
}
