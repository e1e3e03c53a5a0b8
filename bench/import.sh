#!/usr/bin/env bash
# Benchmark of POST /chatsessions/import/ with the files that cost the most (bench/import_files.py), through the local
# host and the real worker from the Release build (dotnet build Chatbot.sln -c Release first). Prints the figures; run
# by hand.
#   bash bench/import.sh                  SQLite
#   CHATBOT_TEST_POSTGRES=... bash bench/import.sh     PostgreSQL (eval "$(bash .ci/postgres start)" gives one)
#   BENCH_IMPORT_TIMEOUT=S                give up on one import after S seconds (default 300)
#   BENCH_IMPORT_FILES="zigzag-8000 ..."  only these rows
# Rows, each in a fresh instance: the import's status and seconds, and the CPU seconds the worker spent meanwhile (less
# at the mercy of a busy machine); the worker's peak memory (VmHWM) after it; what the database grew by; and how long
# another user's send, a moment into the import, took.
set -euo pipefail
cd "$(dirname "$0")/.."
timeout_s=${BENCH_IMPORT_TIMEOUT:-300}
rows=${BENCH_IMPORT_FILES:-zigzag-8000 zigzag-10MiB line-10MiB comb-1000}

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_work bench-import

echo "== files"
declare -A shape=(
  [zigzag-8000]="zigzag 8000 0"
  [zigzag-10MiB]="zigzag-bytes 10485700"
  [line-10MiB]="line 10485700"
  [comb-1000]="comb 1000 450"
)
for row in $rows; do
  # shellcheck disable=SC2086
  python3 bench/import_files.py ${shape[$row]} >"$work/$row.json"
  echo "   $row: $(stat -c %s "$work/$row.json") bytes (${shape[$row]})"
done

start_fake_gemini

export AZURE_FUNCTIONS_ENVIRONMENT=Production
export Jwt__SigningKey=$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')
export Gemini__ApiKey=bench-key
export Gemini__BaseUrl="http://127.0.0.1:$gemini_port"
export Limits__Enabled=false
if [ -n "${CHATBOT_TEST_POSTGRES:-}" ]; then
  export Database__Provider=PostgreSQL
  database=PostgreSQL
else
  database=SQLite
fi

ticks_ms=$(( 1000 / $(getconf CLK_TCK) ))
cpu_ms() { awk -v tick="$ticks_ms" '{print ($14 + $15) * tick}' "/proc/$1/stat"; }
memory_mb() { awk -v field="$2:" '$1 == field {printf "%.0f MB", $2 / 1024}' "/proc/$1/status"; }
database_bytes() {
  if [ "$database" = PostgreSQL ]; then du -sb "$CHATBOT_PG_DIR/data" | cut -f1; else du -sb "$Chatbot__DataDirectory" | cut -f1; fi
}

start_instance() {
  [ -n "$host_pid" ] && { kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; }
  export Chatbot__DataDirectory="$work/data.$1"
  mkdir -p "$Chatbot__DataDirectory"
  if [ "$database" = PostgreSQL ]; then
    export ConnectionStrings__Chatbot="$CHATBOT_TEST_POSTGRES;Database=chatbot_bench_$1_$RANDOM"
  fi
  start_host Chatbot.LocalHost/bin/Release/net10.0/Chatbot.LocalHost.dll
  worker_pid=$(pgrep -P "$host_pid" -f Chatbot.Functions.dll | head -n 1)
}

echo "== POST /chatsessions/import/ on $database, each in a fresh instance (gives up after $timeout_s s)"
for row in $rows; do
  start_instance "${row//-/_}"
  importer=$(new_user importer)
  other=$(new_user other)
  session=$(curl -sf -X POST "$BASE/chatsessions/" -H "Authorization: Bearer $other" | json '["id"]')
  before=$(database_bytes)
  cpu_before=$(cpu_ms "$worker_pid")
  { curl -s -o "$work/answer.json" -w '%{http_code} %{time_total}\n' --max-time "$timeout_s" -X POST "$BASE/chatsessions/import/" \
      -H "Authorization: Bearer $importer" -H 'Content-Type: application/json' --data-binary "@$work/$row.json" \
      || echo "timeout >$timeout_s"; } >"$work/import.txt" 2>/dev/null &
  import_pid=$!
  # Another user's send a moment into the import: it waits for the import's write lock (SQLite) or not at all.
  sleep 0.5
  send=$(curl -s -o "$work/send.json" -w '%{http_code} in %{time_total} s' --max-time "$timeout_s" -X POST "$BASE/chatsessions/$session/messages/" \
    -H "Authorization: Bearer $other" -H 'Content-Type: application/json' -d '{"prompt": "hello"}' || echo "no answer in $timeout_s s")
  wait "$import_pid" || true
  cpu=$(awk -v ms=$(( $(cpu_ms "$worker_pid") - cpu_before )) 'BEGIN {printf "%.1f", ms / 1000}')
  # A timed-out curl has printed its partial status line before the word timeout.
  read -r status seconds < <(tail -n 1 "$work/import.txt")
  grown=$(( ($(database_bytes) - before) / 1024 / 1024 ))
  code=""
  [ "$status" -ge 400 ] 2>/dev/null && code=" $(json '.get("code")' <"$work/answer.json")"
  echo "   $row: $status$code in $seconds s (worker CPU $cpu s); worker peak $(memory_mb "$worker_pid" VmHWM); database +$grown MB; another user's send: $send"
done
