#!/usr/bin/env bash
# Installs the Debian 12 packages plangate needs to build, run and test. Installs only what is
# missing, so it is quick to re-run. Needs root (or sudo).
set -euo pipefail

packages=(
  g++ make cmake ccache pkg-config git ca-certificates
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsoci-dev libsqlite3-dev libpq-dev libsodium-dev libcurl4-openssl-dev libssl-dev
  libspdlog-dev libfmt-dev libcli11-dev libgtest-dev libcrack2-dev cracklib-runtime liboath-dev
  postgresql pgbouncer wrk chromium
)
packages+=("$@")

# Node.js + npm build the Swagger UI assets. Only installed when npm is absent, so a newer Node
# installed by other means is left alone.
if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
