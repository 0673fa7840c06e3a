#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (never a downloaded browser). Installs it, with the
# CJK fonts Chinese pages need, when missing and we may (root with apt); otherwise says how.
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
have_fonts() { fc-list :lang=zh 2>/dev/null | grep -q .; }
if [ -x "$chromium_path" ] && have_fonts; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian chromium and fonts-noto-cjk for the browser tests…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
  exit 0
fi
echo "Browser tests need Debian's Chromium and CJK fonts: sudo apt-get install -y chromium fonts-noto-cjk" >&2
echo "(or set CHROMIUM_PATH to a Chromium binary)." >&2
exit 1
