package dev.coclone.netty;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** HTTP/2 clients for the tests' servers, which present the self-signed certificate for localhost. */
public final class TrustingClients {
  private TrustingClients() {}

  /** An HTTP/2 client that takes any certificate (the tests' own self-signed one). */
  public static HttpClient http2OverTls() throws GeneralSecurityException {
    SSLContext trustAll = SSLContext.getInstance("TLS");
    trustAll.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    return HttpClient.newBuilder().sslContext(trustAll).version(HttpClient.Version.HTTP_2).build();
  }
}
