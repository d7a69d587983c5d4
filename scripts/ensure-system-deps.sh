#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing: Samba (a real AD domain
# controller for the LDAP tests) and Chromium (the browser that drives the Agents Playground).
# Idempotent and quiet when everything is there; needs root (CI runs as root) only when installing.
set -euo pipefail
PKGS=(samba samba-ad-dc samba-ad-provision samba-dsdb-modules samba-vfs-modules winbind ldb-tools chromium fonts-liberation openssl)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0
if [[ $(id -u) -ne 0 ]]; then
  echo "missing Debian packages: ${missing[*]} - run as root, or: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "installing ${missing[*]} (apt)" >&2
export DEBIAN_FRONTEND=noninteractive
install() { apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >&2; }
if ! install; then
  apt-get update -q -o DPkg::Lock::Timeout=600 >&2
  install
fi
