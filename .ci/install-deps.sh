#!/usr/bin/env bash
# Installs what the test suite needs beyond Maven and the JDK: Debian's Chromium and ChromeDriver
# for the browser tests, and Node.js with npm for the protocol tests that drive the published npm
# clients (the Maven build installs those clients, pinned, in co-clone-netty/src/test/node).
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
chromium --version
chromedriver --version
echo "node $(node --version), npm $(npm --version)"
