#!/usr/bin/env bash
# Installs what the test suite needs beyond Maven and the JDK: Debian's Chromium and ChromeDriver
# for the browser tests, Node.js with npm for the protocol tests that drive the published npm
# clients (the Maven build installs those clients, pinned, in co-clone-netty/src/test/node), and
# promtool (from Debian's prometheus package; only that binary, no server) to lint /metrics.
# Idempotent; needs root (CI runs as root) or sudo.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing ${need[*]} from Debian's packages"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
if ! command -v promtool >/dev/null 2>&1; then
  # Only promtool, a static binary: installing the package would also set up a Prometheus server.
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing promtool from Debian's prometheus package"
  dl="$(mktemp -d)"
  chmod 755 "$dl"
  [ ${#need[@]} -gt 0 ] || $SUDO apt-get update -qq
  (cd "$dl" && apt-get download -qq prometheus)
  dpkg-deb --fsys-tarfile "$dl"/prometheus_*.deb | tar -x -C "$dl" ./usr/bin/promtool
  $SUDO install -m 0755 "$dl/usr/bin/promtool" /usr/local/bin/promtool
  rm -rf "$dl"
fi
chromium --version
chromedriver --version
echo "node $(node --version), npm $(npm --version)"
promtool --version 2>&1 | head -1
