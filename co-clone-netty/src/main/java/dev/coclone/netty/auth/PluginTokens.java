package dev.coclone.netty.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Long-lived, named, revocable bearer tokens for editor plugins (Tabby's {@code server.token},
 * llama.vscode's API key, an OpenAI or Ollama client's key), which keep a fixed token in their
 * settings and cannot renew a 10-minute one. Kept in one owner-only file ({@code plugin-tokens}
 * in the {@code ~/.co-clone} folder, 0600) as SHA-256 hashes: the token itself is shown once, when
 * it is created. The server re-reads the file when it changes (another process, the
 * {@code token} command, writes it), so a revocation takes effect at the next request, without
 * a restart. Thread-safe.
 */
public final class PluginTokens {
  /** What every plugin token starts with, so it is told apart from a JWT and from the API key. */
  public static final String PREFIX = "ccp_";
  /** The file's name in the key folder. */
  public static final String FILE_NAME = "plugin-tokens";
  private static final Logger LOG = Logger.getLogger(PluginTokens.class.getName());
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final String HEADER = "# Co-Clone plugin tokens: name, SHA-256 of the token, created, revoked "
      + "('-' while valid). Manage with: java -jar co-clone-demo.jar token create|list|revoke NAME\n";
  private static final String CREATE = "java -jar co-clone-demo.jar token create ";

  private final Path file;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private Map<String, Entry> byHash = Map.of();
  private Object version; // what the file looked like when last read (its key, time and size); null: absent

  /**
   * One plugin token, as stored (never the token itself).
   *
   * @param name    the name it was created with
   * @param sha256  the SHA-256 of the token, hex
   * @param created when it was created
   * @param revoked when it was revoked, or null while it is valid
   */
  public record Entry(String name, String sha256, Instant created, Instant revoked) {
    /** Validates the components. */
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(sha256, "sha256");
      Objects.requireNonNull(created, "created");
    }

    /** Whether it is still accepted. */
    public boolean valid() {
      return revoked == null;
    }
  }

  /**
   * A token just created: the only time its value is known.
   *
   * @param name  its name
   * @param token the bearer token to put in the plugin's settings
   * @param file  where its hash is stored
   */
  public record Created(String name, String token, Path file) {}

  /**
   * Plugin tokens of a key folder ({@code ~/.co-clone}).
   *
   * @param home  the folder (created owner-only when a token is created)
   * @param clock the clock for creation and revocation times
   */
  public PluginTokens(Path home, Clock clock) {
    this.file = Objects.requireNonNull(home, "home").resolve(FILE_NAME);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Plugin tokens of a key folder, with the system clock.
   *
   * @param home the folder
   */
  public PluginTokens(Path home) {
    this(home, Clock.systemUTC());
  }

  /** The file that holds them. */
  public Path file() {
    return file;
  }

  /**
   * Whether a credential is a plugin token by its shape.
   *
   * @param credential a bearer credential
   * @return true if it starts with {@link #PREFIX}
   */
  public static boolean looksLike(String credential) {
    return credential != null && credential.startsWith(PREFIX);
  }

  /**
   * Creates a token and stores its hash.
   *
   * @param name a name for the plugin or machine (letters, digits, {@code . _ -}; up to 64)
   * @return the token, to be shown once
   * @throws IllegalArgumentException if the name is malformed or a valid token has it already
   * @throws IOException if the file cannot be written
   */
  public synchronized Created create(String name) throws IOException {
    checkName(name);
    List<Entry> entries = new ArrayList<>(read());
    for (Entry e : entries) {
      if (e.name().equals(name) && e.valid()) {
        throw new IllegalArgumentException("a plugin token named '" + name + "' exists already; revoke it first "
            + "(token revoke " + name + ") or choose another name");
      }
    }
    entries.removeIf(e -> e.name().equals(name)); // a revoked one of the same name gives way
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    entries.add(new Entry(name, sha256(token), clock.instant(), null));
    write(entries);
    return new Created(name, token, file);
  }

  /**
   * All tokens, valid and revoked, in creation order.
   *
   * @return the entries (hashes only)
   * @throws IOException if the file cannot be read
   */
  public synchronized List<Entry> list() throws IOException {
    return read();
  }

  /**
   * Revokes a token: requests carrying it are refused from the next one on, also by a server
   * already running.
   *
   * @param name its name
   * @return true if a valid token had that name
   * @throws IOException if the file cannot be written
   */
  public synchronized boolean revoke(String name) throws IOException {
    Objects.requireNonNull(name, "name");
    List<Entry> entries = new ArrayList<>(read());
    boolean found = false;
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.name().equals(name) && e.valid()) {
        entries.set(i, new Entry(e.name(), e.sha256(), e.created(), clock.instant()));
        found = true;
      }
    }
    if (found) {
      write(entries);
    }
    return found;
  }

  /**
   * Checks a plugin token against the file as it is now (re-read when it changed since the last
   * request: a stat of one small local file per plugin-token request).
   *
   * @param token the bearer credential, starting with {@link #PREFIX}
   * @return the subject, {@code plugin:NAME}
   * @throws InvalidTokenException if the token is unknown or revoked, saying what to do
   */
  public synchronized String verify(String token) throws InvalidTokenException {
    refresh();
    Entry e = byHash.get(sha256(Objects.requireNonNull(token, "token")));
    if (e == null) {
      throw new InvalidTokenException("token_unknown", "this plugin token is not known to this server (it was never "
          + "created here, or its entry was removed from " + file.getFileName() + "); create one with '" + CREATE
          + "NAME' on the server's machine and put it in the plugin's token or API key setting");
    }
    if (!e.valid()) {
      throw new InvalidTokenException("token_revoked", "the plugin token '" + e.name() + "' was revoked at "
          + e.revoked() + "; create a new one with '" + CREATE + e.name() + "' and put it in the plugin's token "
          + "or API key setting");
    }
    return "plugin:" + e.name();
  }

  private void refresh() {
    Object now;
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      now = List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size());
    } catch (NoSuchFileException e) {
      now = null;
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot read " + file + "; keeping the plugin tokens read before", e);
      return;
    }
    if (Objects.equals(now, version)) {
      return;
    }
    try {
      Map<String, Entry> fresh = new HashMap<>();
      for (Entry e : read()) {
        fresh.put(e.sha256(), e);
      }
      byHash = fresh;
      version = now;
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.WARNING, "cannot read " + file + "; keeping the plugin tokens read before", e);
    }
  }

  private List<Entry> read() throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      if (f.length != 4) {
        throw new IllegalStateException(file + " has a malformed line (4 tab-separated fields expected): " + line);
      }
      out.add(new Entry(f[0], f[1], Instant.parse(f[2]), f[3].equals("-") ? null : Instant.parse(f[3])));
    }
    return out;
  }

  private void write(List<Entry> entries) throws IOException {
    ApiKeyStore.ensureOwnerOnlyDir(file.getParent());
    StringBuilder sb = new StringBuilder(HEADER);
    for (Entry e : entries) {
      sb.append(e.name()).append('\t').append(e.sha256()).append('\t').append(e.created()).append('\t')
          .append(e.revoked() == null ? "-" : e.revoked().toString()).append('\n');
    }
    ApiKeyStore.writeOwnerOnly(file, sb.toString());
  }

  private static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a plugin token's name is 1 to 64 letters, digits, '.', '_' or '-', "
          + "starting with a letter or digit (e.g. vscode-laptop); was '" + name + "'");
    }
  }

  /** The SHA-256 of a token, hex. */
  static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
