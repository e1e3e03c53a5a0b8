#!/usr/bin/env bash
# Benchmark: the app through the local host and the real worker (Release build), a fake Gemini on loopback,
# and wrk (2 threads, 16 connections, 10 s after a 5 s warm-up). Prints the figures; run by hand.
#   bash bench/run.sh          (needs wrk: apt-get install wrk)
# Also: time to the first streamed event and from each of Gemini's chunks to its delta (bench/stream_latency.py),
# and a page of messages in a session of 100 and of 100,000 messages (seeded by bench/seed_messages.py).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
dotnet build Chatbot.sln -c Release --nologo -v quiet >/dev/null

work=$(mktemp -d /tmp/chatbot-bench.XXXXXX)
gemini_port=$(free_port)
port=$(free_port)
python3 bench/fake_gemini.py "$gemini_port" &
gemini_pid=$!
cleanup() { kill "$host_pid" "$gemini_pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

export AZURE_FUNCTIONS_ENVIRONMENT=Production
export Chatbot__DataDirectory="$work"
export Jwt__SigningKey=$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')
export Gemini__ApiKey=bench-key
# The abuse limits would refuse a benchmark's traffic as the flood it is.
export Limits__Enabled=false
export Gemini__BaseUrl="http://127.0.0.1:$gemini_port"
BASE="http://127.0.0.1:$port"

start=$(date +%s%N)
dotnet Chatbot.LocalHost/bin/Release/net10.0/Chatbot.LocalHost.dll --port "$port" >"$work/host.log" 2>&1 &
host_pid=$!
until curl -sf "$BASE/health/" >/dev/null; do
  kill -0 "$host_pid" 2>/dev/null || { cat "$work/host.log"; exit 1; }
  sleep 0.01
done
cold_ms=$(( ($(date +%s%N) - start) / 1000000 ))
worker_pid=$(pgrep -f "Chatbot.Functions.dll --functions-uri http://127.0.0.1" | head -n 1)

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
curl -sf -X POST "$BASE/register/" -H 'Content-Type: application/json' \
  -d '{"username": "bench", "email": "bench@example.com", "password": "benchpass"}' >/dev/null
export ACCESS=$(curl -sf -X POST "$BASE/login/" -H 'Content-Type: application/json' \
  -d '{"username": "bench", "password": "benchpass"}' | json '["access"]')
new_session() { curl -sf -X POST "$BASE/chatsessions/" -H "Authorization: Bearer $ACCESS" | json '["id"]'; }
for _ in $(seq 1 10); do
  session=$(new_session)
done
export SESSION_PATH="/chatsessions/$session/messages/"

run_wrk() { # name, then wrk arguments; the figures are also kept in $work/last.txt
  local name=$1; shift
  wrk -t2 -c16 -d5s "$@" >/dev/null
  echo "== $name"
  wrk -t2 -c16 -d10s --latency "$@" | grep -E "Requests/sec|Non-2xx|Socket errors|^ +(50|90|99)%" | tee "$work/last.txt"
}
requests_per_second() { awk '/Requests\/sec/ {print $2}' "$work/last.txt"; }

run_wrk "GET /chatsessions/ (10 sessions)" -H "Authorization: Bearer $ACCESS" "$BASE/chatsessions/"
# BENCH_QUICK=1: only the list, to compare two builds (such as before and after a change to authentication).
[ "${BENCH_QUICK:-}" = 1 ] && exit 0
run_wrk "POST messages, Gemini answers at once" -s bench/post_message.lua "$BASE"
curl -sf -X POST "http://127.0.0.1:$gemini_port/__delay?ms=200" >/dev/null
run_wrk "POST messages, Gemini takes 200 ms" -s bench/post_message.lua "$BASE"

stream_session=$(new_session)
echo "== streaming: the fake sends 3 chunks 50 ms apart; 50 answers after 5 warm-ups, one at a time"
python3 bench/stream_latency.py "$BASE" "$ACCESS" "$stream_session" "http://127.0.0.1:$gemini_port" 50

# Paging: one real message per session, copied to 100 and to 100,000; then the first page and a middle page.
for size in 100 100000; do
  paged=$(new_session)
  curl -sf -X POST "$BASE/chatsessions/$paged/messages/" -H "Authorization: Bearer $ACCESS" \
    -H 'Content-Type: application/json' -d '{"prompt": "Say something short."}' >/dev/null
  read -r first middle < <(python3 bench/seed_messages.py "$work/chatbot.db" "$paged" "$size")
  run_wrk "GET messages?limit=50, first page, session of $size" -H "Authorization: Bearer $ACCESS" \
    "$BASE/chatsessions/$paged/messages/?limit=50"
  declare "first_$size=$(requests_per_second)"
  run_wrk "GET messages?limit=50&after=<middle>, session of $size" -H "Authorization: Bearer $ACCESS" \
    "$BASE/chatsessions/$paged/messages/?limit=50&after=$middle"
  declare "middle_$size=$(requests_per_second)"
done
echo "== a page at 100,000 messages costs $(python3 -c "print(f'{$first_100 / $first_100000:.2f}')")x the first page at 100" \
  "and $(python3 -c "print(f'{$middle_100 / $middle_100000:.2f}')")x a middle page (by requests/s; 1.00 = the same)"

echo "== cold start (process start to first 200 from /health/): ${cold_ms} ms"
echo "== worker peak RSS: $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$worker_pid/status")"
