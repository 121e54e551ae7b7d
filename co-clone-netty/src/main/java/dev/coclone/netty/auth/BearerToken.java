package dev.coclone.netty.auth;

/**
 * Reads the credential of an {@code Authorization: Bearer <credential>} header, the one place
 * that does: the service's request handler, the token exchange and the proxy all ask here.
 */
public final class BearerToken {
  private static final String SCHEME = "Bearer";

  private BearerToken() {}

  /**
   * The credential of an {@code Authorization} header value.
   *
   * @param authorization the header's value, or null when the request had none
   * @return the credential (token or API key), or null if the header is missing, names another
   *     scheme, or carries nothing after the scheme
   */
  public static String parse(String authorization) {
    if (authorization == null) {
      return null;
    }
    String v = authorization.strip();
    if (v.length() <= SCHEME.length() || !v.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
        || !Character.isWhitespace(v.charAt(SCHEME.length()))) {
      return null;
    }
    String credential = v.substring(SCHEME.length()).strip();
    return credential.isEmpty() ? null : credential;
  }
}
