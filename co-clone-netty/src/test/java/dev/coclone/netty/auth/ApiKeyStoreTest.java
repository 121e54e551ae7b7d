package dev.coclone.netty.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyStoreTest {
  private static void assumePosix() {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
  }

  @Test
  void theFolderIsCreatedOwnerOnlyAndSoAreTheKeyFiles(@TempDir Path tmp) throws Exception {
    assumePosix();
    Path home = tmp.resolve(".co-clone");
    ApiKeyStore store = new ApiKeyStore(home);
    ApiKeyStore.Loaded key = store.apiKey();
    assertTrue(key.created());
    store.signingSecret();
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key.file())));
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(home.resolve("token-secret"))));
    assertEquals(key.value(), store.apiKey().value(), "the stored key is read back");
    assertFalse(store.apiKey().created());
  }

  @Test
  void aFolderOthersCanReadIsMadeOwnerOnly(@TempDir Path tmp) throws Exception {
    assumePosix();
    Path home = tmp.resolve(".co-clone");
    Files.createDirectories(home);
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(home.resolve("api-key"), "cc-old\n");
    Files.setPosixFilePermissions(home.resolve("api-key"), PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals("cc-old", new ApiKeyStore(home).apiKey().value());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("api-key"))));
  }

  @Test
  void anApiKeyFileGivesItsFirstLine(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("api-key.txt");
    Files.writeString(f, "  cc-from-file  \nsecond line\n");
    assertEquals("cc-from-file", ApiKeyStore.readApiKey(f));
    Files.writeString(f, "\n");
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> ApiKeyStore.readApiKey(f));
    assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
  }
}
