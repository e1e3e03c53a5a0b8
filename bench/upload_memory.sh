#!/usr/bin/env bash
# How much the worker's memory grows while it takes one large upload: the worker's resident memory is sampled every
# 10 ms during a POST /attachments/ of N MiB (default 20, the default Attachments__MaxBytes) and compared with the
# same worker idle just before. The upload streams to the store, so the growth should not follow the file's size.
#   bash bench/upload_memory.sh [MiB] [runs]      (after dotnet build Chatbot.sln -c Release)
#   BENCH_STORE=AzureBlob CHATBOT_TEST_AZURITE=... to measure the blob store against Azurite instead of the file system
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-20}
runs=${2:-3}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
work=$(mktemp -d /tmp/chatbot-upload.XXXXXX)
host_pid=""
cleanup() { [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

export AZURE_FUNCTIONS_ENVIRONMENT=Development Limits__Enabled=false Chatbot__DataDirectory="$work/data"
export Attachments__UserStorageBytes=$(( size_mib * (runs + 2) * 1024 * 1024 ))
if [ "${BENCH_STORE:-FileSystem}" = AzureBlob ]; then
  export Attachments__Store=AzureBlob Attachments__BlobConnectionString="$CHATBOT_TEST_AZURITE" Attachments__BlobContainer="bench$RANDOM"
fi
port=$(free_port)
BASE="http://127.0.0.1:$port"
dotnet Chatbot.LocalHost/bin/Release/net10.0/Chatbot.LocalHost.dll --port "$port" \
  --functions-dir Chatbot.Functions/bin/Release/net10.0 >"$work/host.log" 2>&1 &
host_pid=$!
until curl -sf "$BASE/health/" >/dev/null; do kill -0 "$host_pid" 2>/dev/null || { cat "$work/host.log"; exit 1; }; sleep 0.05; done
worker_pid=$(pgrep -P "$host_pid" -f Chatbot.Functions.dll | head -n 1)

curl -sf -X POST "$BASE/register/" -H 'Content-Type: application/json' \
  -d '{"username": "bench", "email": "bench@example.com", "password": "benchpass"}' >/dev/null
ACCESS=$(curl -sf -X POST "$BASE/login/" -H 'Content-Type: application/json' \
  -d '{"username": "bench", "password": "benchpass"}' | json '["access"]')
# A PNG by its signature, then random bytes: the sniffer takes it, nothing compresses it.
python3 -c "import os, sys; sys.stdout.buffer.write(b'\x89PNG\r\n\x1a\n' + os.urandom($size_mib * 1024 * 1024 - 8))" >"$work/big.png"

rss_kb() { awk '$1 == "VmRSS:" {print $2}' "/proc/$worker_pid/status"; }
upload() { curl -sf -o /dev/null -w '%{http_code}' -X POST "$BASE/attachments/" -H "Authorization: Bearer $ACCESS" -F "file=@$work/big.png"; }
upload >/dev/null  # warm-up: the first upload's code paths, JIT and pools
echo "== the worker's resident memory around a $size_mib MiB upload (store: ${BENCH_STORE:-FileSystem}), $runs runs"
for run in $(seq 1 "$runs"); do
  sleep 1
  idle=$(rss_kb)
  peak=$idle
  upload >"$work/status" &
  uploader=$!
  while kill -0 "$uploader" 2>/dev/null; do
    now=$(rss_kb); [ "$now" -gt "$peak" ] && peak=$now
    sleep 0.01
  done
  wait "$uploader"
  printf '   run %d: HTTP %s, idle %d MB, peak during the upload %d MB, growth %d MB\n' \
    "$run" "$(cat "$work/status")" $((idle / 1024)) $((peak / 1024)) $(((peak - idle) / 1024))
done
