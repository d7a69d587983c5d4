#!/usr/bin/env bash
# stop-dc.sh - stop the Samba DC started by start-dc.sh (by its PID file, nothing else). Same
# SAMBA_DC_DIR setting as start-dc.sh.
#   --purge   also delete the domain directory (next start-dc.sh provisions a fresh domain)
set -euo pipefail
DC_DIR=${SAMBA_DC_DIR:-/tmp/hardmatch-samba/test}
PIDFILE=$DC_DIR/run/samba.pid
purge=0; [[ ${1:-} == --purge ]] && purge=1

descendants() { local c; for c in $(pgrep -P "$1" || true); do echo "$c"; descendants "$c"; done; }

pid=""
[[ -f $PIDFILE ]] && pid=$(<"$PIDFILE")
if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && [[ $(cat "/proc/$pid/comm" 2>/dev/null) == samba ]]; then
  kids=$(descendants "$pid")
  kill -TERM "$pid"
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && { echo "samba $pid ignored SIGTERM for 15s, sending SIGKILL" >&2; kill -KILL "$pid" || true; }
  for k in $kids; do  # normally already gone: the root process takes its children down
    [[ $(tr '\0' ' ' 2>/dev/null <"/proc/$k/cmdline") == "samba: "* ]] && kill -KILL "$k" 2>/dev/null || true
  done
  echo "stopped samba (pid $pid)"
else
  echo "samba not running for $DC_DIR"
fi
rm -f -- "$PIDFILE"
if ((purge)); then
  case $DC_DIR in /*/*) rm -rf -- "$DC_DIR" "$DC_DIR.provision.log"; echo "purged $DC_DIR" ;; esac
fi
