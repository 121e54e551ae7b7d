package dev.coclone.netty.proxy;

import dev.coclone.netty.auth.BearerToken;
import dev.coclone.netty.auth.InvalidTokenException;
import dev.coclone.netty.auth.TokenService;
import io.netty.channel.Channel;
import io.netty.util.AsciiString;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;

/**
 * What the {@link FrameRelay} remembers of one client connection: the client's address for
 * {@code x-forwarded-for}, and the last token verified on it with its subject and expiry. An
 * editor sends the same {@code authorization} header with every request until it renews its
 * token, so the connection's next request with the very same header, before the token's expiry
 * (by the {@link TokenService}'s clock), is not parsed and looked up again. Plugin tokens, which
 * can be revoked, are verified every time. Made with the connection's first relayed request; used
 * on its event loop only.
 */
final class RelayClient {
  private static final AttributeKey<RelayClient> KEY = AttributeKey.valueOf("coclone.proxy.client");

  /** The client's address, or null if the connection has none (not IP). */
  final AsciiString peer;
  private CharSequence authorization;
  private TokenService.Verified verified;

  private RelayClient(AsciiString peer) {
    this.peer = peer;
  }

  /** The connection's, made on first use. */
  static RelayClient of(Channel connection) {
    RelayClient known = connection.attr(KEY).get();
    if (known == null) {
      AsciiString peer = connection.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
          ? new AsciiString(a.getAddress().getHostAddress()) : null;
      known = new RelayClient(peer);
      connection.attr(KEY).set(known);
    }
    return known;
  }

  /**
   * The subject of the token in an {@code authorization} header.
   *
   * @param tokens        verifies tokens
   * @param authorization the header's value, or null
   * @return the subject
   * @throws InvalidTokenException if there is no valid token
   */
  String subject(TokenService tokens, CharSequence authorization) throws InvalidTokenException {
    TokenService.Verified last = verified;
    if (last != null && authorization != null && AsciiString.contentEquals(authorization, this.authorization)
        && tokens.unexpired(last.expiresAtMillis())) {
      return last.subject();
    }
    verified = null;
    this.authorization = null;
    TokenService.Verified v = tokens.verifyUntil(BearerToken.parse(authorization == null ? null : authorization.toString()));
    if (v.expiresAtMillis() != Long.MIN_VALUE) {
      this.authorization = authorization;
      verified = v;
    }
    return v.subject();
  }
}
