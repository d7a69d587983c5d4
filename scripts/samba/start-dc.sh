#!/usr/bin/env bash
# start-dc.sh - install (if missing), provision (if missing), start and wait for a throwaway Samba
# Active Directory domain controller serving LDAP/LDAPS on a loopback address. Used by the `samba`
# vitest project (test/samba/global-setup.ts) and the LDAP benchmark; safe to run by hand.
# Idempotent: an already provisioned directory is reused, a running DC is left running.
#
# Settings (environment, all optional):
#   SAMBA_DC_DIR       where the domain lives            (/tmp/hardmatch-samba/test)
#   SAMBA_DC_IP        loopback address to listen on     (127.0.0.11; any 127.x.y.z works,
#                      so several DCs can run side by side - the ports are fixed 389/636/3268/3269)
#   SAMBA_DC_REALM     DNS realm                         (CORP.EXAMPLE.TEST)
#   SAMBA_DC_DOMAIN    NetBIOS domain                    (CORP)
#   SAMBA_DC_HOST      DC host name                      (dc1)
#   SAMBA_DC_ADMIN_PASSWORD  Administrator password      (Passw0rd!Probe1; must pass AD complexity)
#   SAMBA_DC_READY_TIMEOUT   seconds to wait for LDAP     (60)
# Prints KEY=value lines on stdout (also written to $SAMBA_DC_DIR/ldap.env); logs go to stderr.
set -euo pipefail

DC_DIR=${SAMBA_DC_DIR:-/tmp/hardmatch-samba/test}
DC_IP=${SAMBA_DC_IP:-127.0.0.11}
REALM=${SAMBA_DC_REALM:-CORP.EXAMPLE.TEST}
DOMAIN=${SAMBA_DC_DOMAIN:-CORP}
HOST=${SAMBA_DC_HOST:-dc1}
ADMIN_PASS=${SAMBA_DC_ADMIN_PASSWORD:-Passw0rd!Probe1}
READY_TIMEOUT=${SAMBA_DC_READY_TIMEOUT:-60}
PKGS=(samba samba-ad-dc samba-ad-provision samba-dsdb-modules samba-vfs-modules winbind ldb-tools openssl)

case $DC_DIR in /*/*) ;; *) echo "SAMBA_DC_DIR must be an absolute path at least two levels deep" >&2; exit 2 ;; esac
REALM=${REALM^^}
REALM_LC=${REALM,,}
BASE_DN="DC=${REALM_LC//./,DC=}"
BIND_DN="CN=Administrator,CN=Users,$BASE_DN"
CONF=$DC_DIR/etc/smb.conf
PIDFILE=$DC_DIR/run/samba.pid
T0=$(date +%s%N)
log() { printf '[start-dc +%sms] %s\n' "$((($(date +%s%N) - T0) / 1000000))" "$*" >&2; }

# ---------- 1. packages ----------
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing Debian packages: ${missing[*]} - run as root, or: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt_install() { apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >&2; }
  if ! apt_install; then
    apt-get update -q -o DPkg::Lock::Timeout=600 >&2
    apt_install
  fi
  log "packages installed"
fi

running_pid() {  # prints the PID of this directory's samba root process, if it is running
  local pid=""
  [[ -f $PIDFILE ]] && pid=$(<"$PIDFILE")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && [[ $(cat "/proc/$pid/comm" 2>/dev/null) == samba ]] && echo "$pid"
}

# ---------- 2. provision (once per set of settings) ----------
WANT="realm=$REALM domain=$DOMAIN host=$HOST ip=$DC_IP pw=$(printf %s "$ADMIN_PASS" | sha256sum | cut -c1-16)"
if [[ -f $DC_DIR/.provisioned && $(<"$DC_DIR/.provisioned") != "$WANT" ]]; then
  if [[ -n $(running_pid || true) ]]; then
    echo "$DC_DIR is running with other settings; run stop-dc.sh first" >&2
    exit 1
  fi
  log "settings changed: re-provisioning"
  rm -f -- "$DC_DIR/.provisioned"
fi
if [[ ! -f $DC_DIR/.provisioned ]]; then
  [[ -e $DC_DIR ]] && { log "removing old/incomplete $DC_DIR"; rm -rf -- "$DC_DIR"; }
  mkdir -p -- "$(dirname -- "$DC_DIR")"
  log "provisioning $REALM into $DC_DIR"
  if ! samba-tool domain provision --targetdir="$DC_DIR" \
      --realm="$REALM" --domain="$DOMAIN" --host-name="$HOST" --server-role=dc \
      --dns-backend=NONE --use-rfc2307 --backend-store=mdb --backend-store-size=1Gb \
      --adminpass="$ADMIN_PASS" \
      --option="interfaces=$DC_IP/8" --option="bind interfaces only=yes" \
      >"$DC_DIR.provision.log" 2>&1; then
    tail -n 30 "$DC_DIR.provision.log" >&2
    echo "provision failed (full log: $DC_DIR.provision.log)" >&2
    exit 1
  fi
  mkdir -p "$DC_DIR/log" "$DC_DIR/run" "$DC_DIR/tls"

  # Own TLS cert with SANs (DC name, localhost, the IP) so clients can verify with just the CA file.
  TLS_LINES=""
  if command -v openssl >/dev/null; then
    (
      cd "$DC_DIR/tls"
      openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Samba test CA $REALM" \
        -keyout ca.key -out ca.pem 2>/dev/null
      openssl req -newkey rsa:2048 -nodes -subj "/CN=$HOST.$REALM_LC" -keyout key.pem -out req.csr 2>/dev/null
      printf 'subjectAltName=DNS:%s,DNS:localhost,IP:%s\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' \
        "$HOST.$REALM_LC" "$DC_IP" >ext.cnf
      openssl x509 -req -in req.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 \
        -extfile ext.cnf -out cert.pem 2>/dev/null
      chmod 600 key.pem ca.key
    )
    TLS_LINES="\ttls keyfile = $DC_DIR/tls/key.pem\n\ttls certfile = $DC_DIR/tls/cert.pem\n\ttls cafile = $DC_DIR/tls/ca.pem\n"
  fi

  # Server settings: LDAP only, plain simple binds allowed, everything kept inside $DC_DIR,
  # no fsync (throwaway data; ~25% faster writes).
  sed -i -e '/^[[:space:]]*log file = /d' -e '/^[[:space:]]*server services = /d' \
    -e "s#^\[global\]#[global]\n\tldap server require strong auth = no\n\tserver services = ldap\n\tprefork children = 2\n\tldb:nosync = true\n\tlog file = $DC_DIR/log/samba.log\n\tpid directory = $DC_DIR/run\n\tncalrpc dir = $DC_DIR/run/ncalrpc\n\twinbindd socket directory = $DC_DIR/run/winbindd\n\tntp signd socket directory = $DC_DIR/run/ntp_signd\n${TLS_LINES//#/\\#}#" \
    "$CONF"

  # Test-friendly password policy (the DB is accessed directly, the server is not running yet).
  samba-tool domain passwordsettings set -s "$CONF" -H "$DC_DIR/private/sam.ldb" \
    --complexity=off --history-length=0 --min-pwd-length=1 --min-pwd-age=0 --max-pwd-age=0 >/dev/null
  printf '%s' "$WANT" >"$DC_DIR/.provisioned"
  log "provisioned"
fi

# ---------- 3. start (unless running) ----------
pid=$(running_pid || true)
if [[ -n $pid ]]; then
  log "already running (pid $pid)"
else
  for port in 389 636 3268 3269; do
    if (exec 3<>"/dev/tcp/$DC_IP/$port") 2>/dev/null; then
      # Samba would exit, leaving an orphaned "pre-fork master" behind that only SIGKILL removes
      echo "something else already listens on $DC_IP:$port; stop it or use SAMBA_DC_IP=127.0.0.N" >&2
      exit 1
    fi
  done
  rm -f -- "$PIDFILE"
  log "starting samba"
  samba -D -s "$CONF"
fi

# ---------- 4. wait until a simple bind + base search works ----------
deadline=$((SECONDS + READY_TIMEOUT))
until ldbsearch -H "ldap://$DC_IP" --simple-bind-dn="$BIND_DN" --password="$ADMIN_PASS" \
    -s base -b "$BASE_DN" dn >/dev/null 2>&1; do
  if [[ -f $PIDFILE ]] && ! kill -0 "$(<"$PIDFILE")" 2>/dev/null; then
    echo "samba exited during startup; log tail:" >&2
    tail -n 30 "$DC_DIR/log/samba.log" >&2 || true
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    echo "Samba LDAP did not become ready in ${READY_TIMEOUT}s; log tail:" >&2
    tail -n 30 "$DC_DIR/log/samba.log" >&2 || true
    exit 1
  fi
  sleep 0.1
done
pid=$(<"$PIDFILE")
log "ready (pid $pid)"

CA_FILE=$DC_DIR/tls/ca.pem
[[ -f $CA_FILE ]] || CA_FILE=$DC_DIR/private/tls/ca.pem  # Samba's autogenerated CA (cert CN=$HOST.$REALM_LC, no SAN)
vars=(
  "LDAP_URL=ldap://$DC_IP:389"
  "LDAPS_URL=ldaps://$DC_IP:636"
  "LDAP_BASE_DN=$BASE_DN"
  "LDAP_BIND_DN=$BIND_DN"
  "LDAP_BIND_UPN=Administrator@$REALM_LC"
  "LDAP_BIND_PASSWORD=$ADMIN_PASS"
  "LDAP_CA_FILE=$CA_FILE"
  "SAMBA_DC_DIR=$DC_DIR"
  "SAMBA_DC_PID=$pid"
)
printf '%s\n' "${vars[@]}"
# same, single-quoted, for `source` / dotenv (values must not contain a single quote)
for v in "${vars[@]}"; do printf "%s='%s'\n" "${v%%=*}" "${v#*=}"; done >"$DC_DIR/ldap.env"
