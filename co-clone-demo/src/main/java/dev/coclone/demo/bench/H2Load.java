package dev.coclone.demo.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs nghttp2's h2load against one URL and reads its summary: requests per second, succeeded and
 * failed requests, mean request time.
 *
 * @param requests    {@code -n}
 * @param connections {@code -c}
 * @param streams     {@code -m}, streams in flight per connection
 * @param body        the POST body file
 * @param token       the bearer token
 */
record H2Load(int requests, int connections, int streams, Path body, String token) {
  private static final Pattern RPS = Pattern.compile("finished in [^,]+, ([0-9.]+) req/s");
  private static final Pattern DONE = Pattern.compile(
      "requests: \\d+ total, \\d+ started, \\d+ done, (\\d+) succeeded, (\\d+) failed");
  private static final Pattern TIME = Pattern.compile("time for request:\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)");
  private static final Pattern TLS = Pattern.compile("TLS Protocol: (\\S+)\\s+Cipher: (\\S+)");

  /**
   * One run's figures.
   *
   * @param rps       requests per second
   * @param succeeded requests answered 2xx
   * @param failed    requests that failed
   * @param meanTime  mean time per request as h2load prints it, e.g. {@code 11.80ms}
   * @param tls       the TLS version and cipher suite negotiated, e.g. {@code TLSv1.3 TLS_AES_128_GCM_SHA256},
   *                  or null over h2c
   */
  record Result(double rps, long succeeded, long failed, String meanTime, String tls) {}

  /** The h2load options, as the report states them. */
  String options() {
    return "-n " + requests + " -c " + connections + " -m " + streams;
  }

  /**
   * Runs h2load.
   *
   * @param url e.g. {@code http://127.0.0.1:5000/v1/complete} (h2c) or {@code https://...} (TLS, ALPN h2)
   * @param n   requests, overriding {@link #requests()} (for warm-ups)
   * @return the figures
   * @throws IOException if h2load cannot run or prints no summary
   */
  Result run(String url, int n) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("h2load", "-n", String.valueOf(n), "-c", String.valueOf(connections),
        "-m", String.valueOf(streams), "-d", body.toString(), "-H", "authorization: Bearer " + token,
        "-H", "content-type: application/json", url).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    Matcher rps = RPS.matcher(output);
    Matcher done = DONE.matcher(output);
    if (!rps.find() || !done.find()) {
      throw new IOException("h2load printed no summary for " + url + ":\n" + output);
    }
    Matcher time = TIME.matcher(output);
    Matcher tls = TLS.matcher(output);
    return new Result(Double.parseDouble(rps.group(1)), Long.parseLong(done.group(1)), Long.parseLong(done.group(2)),
        time.find() ? time.group(3) : "?", tls.find() ? tls.group(1) + " " + tls.group(2) : null);
  }

  /** The program on the PATH, or null. */
  static File onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, name);
      if (f.canExecute()) {
        return f;
      }
    }
    return null;
  }
}
