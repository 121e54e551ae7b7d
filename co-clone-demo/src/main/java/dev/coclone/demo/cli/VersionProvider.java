package dev.coclone.demo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the Maven project version, written into {@code version.properties} at build time. */
public final class VersionProvider implements IVersionProvider {
  /** Made by picocli. */
  public VersionProvider() {}

  /** The version lines, e.g. {@code co-clone 0.1.0-SNAPSHOT}. */
  @Override
  public String[] getVersion() {
    return new String[] {"co-clone " + version()};
  }

  /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("/dev/coclone/demo/version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from the launcher's classpath");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("reading version.properties", e);
    }
    return p.getProperty("version");
  }
}
