package dev.coclone.demo;

import dev.coclone.netty.app.BackendKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option value types of the command line; a bad value names what the option takes. */
final class Converters {
  private Converters() {}

  /** A port number, 0 (a free port) to 65535. */
  static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int p = Integer.parseInt(value.strip());
        if (p >= 0 && p <= 65535) {
          return p;
        }
      } catch (NumberFormatException e) {
        // Falls through to the message below.
      }
      throw new TypeConversionException("expected a port number from 0 to 65535 but was '" + value + "'");
    }
  }

  /** An http:// or https:// base URL, without a trailing slash. */
  static final class Url implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (!value.startsWith("http://") && !value.startsWith("https://")) {
        throw new TypeConversionException("expected an http:// or https:// URL but was '" + value + "'");
      }
      return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
  }

  /** Any text but an empty or blank one. */
  static final class NonBlank implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (value.isBlank()) {
        throw new TypeConversionException("expected a non-empty value");
      }
      return value;
    }
  }

  /** A comma-separated list of background corpora (jdk, maven, python, node), all, or none. */
  static final class LearnFrom implements ITypeConverter<java.util.Set<dev.coclone.corpora.CorpusKind>> {
    @Override
    public java.util.Set<dev.coclone.corpora.CorpusKind> convert(String value) {
      try {
        return dev.coclone.corpora.CorpusKind.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** auto, embedded, ollama or openai. */
  static final class Backend implements ITypeConverter<BackendKind> {
    @Override
    public BackendKind convert(String value) {
      try {
        return BackendKind.of(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected one of auto, embedded, ollama, openai but was '" + value + "'");
      }
    }
  }

  /** HOST:PORT, or http://HOST:PORT (given as HOST:PORT). */
  static final class HostPort implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (value.startsWith("https://")) {
        throw new TypeConversionException("the proxy speaks h2c (cleartext HTTP/2) to completion services, so "
            + "'" + value + "' cannot be used; give HOST:PORT or http://HOST:PORT of the service, on a private "
            + "network");
      }
      String v = value.startsWith("http://") ? value.substring("http://".length()) : value;
      v = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
      int colon = v.lastIndexOf(':');
      if (colon > 0 && v.substring(colon + 1).matches("\\d{1,5}") && Integer.parseInt(v.substring(colon + 1)) <= 65535
          && v.indexOf('/') < 0) {
        return v;
      }
      throw new TypeConversionException("expected HOST:PORT or http://HOST:PORT (the completion service's address) "
          + "but was '" + value + "'");
    }
  }
}
