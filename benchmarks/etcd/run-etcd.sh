#!/usr/bin/env bash
# Starts a 3-member etcd 3.4 cluster on loopback in a temporary directory, runs a command against
# it, and stops it (and removes the directory) on any exit. For manual benchmarks only: no build
# or test runs it. Installs Debian's etcd-server and etcd-client if etcd is missing (needs root).
#
# Usage, from the repository root:
#   benchmarks/etcd/run-etcd.sh [command ...]
# The command sees ETCD_ENDPOINTS (comma-separated client URLs). Without a command, the script
# prints the endpoints and waits until interrupted. Examples:
#   benchmarks/etcd/run-etcd.sh sh -c 'java -cp "benchmarks/target/chorus-benchmarks.jar:benchmarks/target/lib/*" \
#       dev.chorus.benchmarks.kv.KvLoad --target etcd --endpoints "$ETCD_ENDPOINTS" --clients 1,16'
#   benchmarks/etcd/run-etcd.sh sh -c 'ETCDCTL_API=3 etcdctl --endpoints "$ETCD_ENDPOINTS" check perf --load=l'
set -euo pipefail

if ! command -v etcd >/dev/null || ! command -v etcdctl >/dev/null; then
  echo "installing etcd-server and etcd-client (Debian packages)" >&2
  apt-get install -y -qq etcd-server etcd-client >/dev/null
fi

BASE_CLIENT_PORT=${ETCD_BASE_CLIENT_PORT:-23790}
BASE_PEER_PORT=${ETCD_BASE_PEER_PORT:-23800}
DIR=$(mktemp -d /tmp/chorus-etcd.XXXXXX)
PIDS=()

stop() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$DIR"
}
trap stop EXIT INT TERM

CLUSTER=""
ENDPOINTS=""
for i in 1 2 3; do
  CLUSTER+="${CLUSTER:+,}e$i=http://127.0.0.1:$((BASE_PEER_PORT + i))"
  ENDPOINTS+="${ENDPOINTS:+,}http://127.0.0.1:$((BASE_CLIENT_PORT + i))"
done

# etcd's defaults otherwise (heartbeat 100 ms, election 1000 ms, fsync on every commit).
for i in 1 2 3; do
  etcd --name "e$i" --data-dir "$DIR/e$i" \
    --listen-client-urls "http://127.0.0.1:$((BASE_CLIENT_PORT + i))" \
    --advertise-client-urls "http://127.0.0.1:$((BASE_CLIENT_PORT + i))" \
    --listen-peer-urls "http://127.0.0.1:$((BASE_PEER_PORT + i))" \
    --initial-advertise-peer-urls "http://127.0.0.1:$((BASE_PEER_PORT + i))" \
    --initial-cluster "$CLUSTER" --initial-cluster-state new --initial-cluster-token chorus-bench \
    --log-level warn >"$DIR/e$i.log" 2>&1 &
  PIDS+=($!)
done

export ETCDCTL_API=3
for _ in $(seq 1 100); do
  if etcdctl --endpoints "$ENDPOINTS" endpoint health >/dev/null 2>&1; then
    break
  fi
  sleep 0.2
done
etcdctl --endpoints "$ENDPOINTS" endpoint status -w table >&2
export ETCD_ENDPOINTS="$ENDPOINTS"

if [ $# -eq 0 ]; then
  echo "ETCD_ENDPOINTS=$ENDPOINTS (Ctrl-C stops the cluster)"
  while true; do sleep 3600; done
else
  "$@"
fi
