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
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_work upload

export AZURE_FUNCTIONS_ENVIRONMENT=Development Limits__Enabled=false Chatbot__DataDirectory="$work/data"
export Attachments__UserStorageBytes=$(( size_mib * (runs + 2) * 1024 * 1024 ))
if [ "${BENCH_STORE:-FileSystem}" = AzureBlob ]; then
  export Attachments__Store=AzureBlob Attachments__BlobConnectionString="$CHATBOT_TEST_AZURITE" Attachments__BlobContainer="bench$RANDOM"
fi
start_host Chatbot.LocalHost/bin/Release/net10.0/Chatbot.LocalHost.dll --functions-dir Chatbot.Functions/bin/Release/net10.0
worker_pid=$(pgrep -P "$host_pid" -f Chatbot.Functions.dll | head -n 1)

ACCESS=$(new_user bench)
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
