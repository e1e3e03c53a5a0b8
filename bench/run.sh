#!/usr/bin/env bash
# Benchmark: the app through the local host and the real worker, both published (Release, as a deployment is), a
# fake Gemini on loopback, and wrk (2 threads, 16 connections). Prints the figures; run by hand.
#   bash bench/run.sh          (needs wrk: apt-get install wrk)
#   BENCH_QUICK=1 bash bench/run.sh    cold start and the session list only, to compare two builds quickly
#   BENCH_COLD_STARTS=N                fresh instances timed from process start (default 3; the last one is loaded)
#   BENCH_PUBLISHED=DIR                use DIR/Chatbot.Functions and DIR/Chatbot.LocalHost as published before (no publish)
# Rows: cold start to the first 200 from /health/ and to the first authenticated list (register, login, list);
# GET /chatsessions/ in a fresh instance's first 5 s and steady after 20 s of load; the same path with no database
# (/models/) and with no function (401); POST /login/; POST messages;
# beside every throughput, the CPU time (utime+stime from /proc/<pid>/stat) the worker and the host spent per
# request; the worker's memory idle (after start-up and sign-in, before load) and at its peak (VmHWM).
# Also: time to the first streamed event and from each of Gemini's chunks to its delta (bench/stream_latency.py),
# and a page of messages in a session of 100 and of 100,000 messages (seeded by bench/seed_messages.py).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
quick=${BENCH_QUICK:-}
cold_starts=${BENCH_COLD_STARTS:-$([ "$quick" = 1 ] && echo 1 || echo 3)}

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_work bench
publish_app
start_fake_gemini

export AZURE_FUNCTIONS_ENVIRONMENT=Production
export Jwt__SigningKey=$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')
export Gemini__ApiKey=bench-key
# The abuse limits would refuse a benchmark's traffic as the flood it is.
export Limits__Enabled=false
export Gemini__BaseUrl="http://127.0.0.1:$gemini_port"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
ticks_ms=$(( 1000 / $(getconf CLK_TCK) ))
cpu_ms() { awk -v tick="$ticks_ms" '{print ($14 + $15) * tick}' "/proc/$1/stat"; }
memory_mb() { awk -v field="$2:" '$1 == field {printf "%.0f MB", $2 / 1024}' "/proc/$1/status"; }
# RSS counts mapped files too: the code (ReadyToRun images) and SQLite's memory-mapped database pages, which are the
# OS's page cache and given back under pressure; the anonymous part is the heaps and stacks.
rss_parts() { echo "anonymous $(memory_mb "$1" RssAnon), files $(memory_mb "$1" RssFile)"; }

# One fresh instance (new data folder, new database): times from its process start to the first 200 from /health/,
# and to the first list of sessions of a user who registered and logged in after that.
start_instance() {
  [ -n "$host_pid" ] && { kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; }
  export Chatbot__DataDirectory="$work/data.$1"
  port=$(free_port)
  BASE="http://127.0.0.1:$port"
  local start; start=$(now_ms)
  dotnet "$published/Chatbot.LocalHost/Chatbot.LocalHost.dll" --port "$port" \
    --functions-dir "$published/Chatbot.Functions" >"$work/host.log" 2>&1 &
  host_pid=$!
  until curl -sf "$BASE/health/" >/dev/null; do
    kill -0 "$host_pid" 2>/dev/null || { cat "$work/host.log"; exit 1; }
    sleep 0.01
  done
  health_ms=$(( $(now_ms) - start ))
  # The host starts the worker as its own child. CPU time spent so far is less at the mercy of a busy machine.
  worker_pid=$(pgrep -P "$host_pid" -f Chatbot.Functions.dll | head -n 1)
  local health_cpu=$(( $(cpu_ms "$host_pid") + $(cpu_ms "$worker_pid") ))
  ACCESS=$(new_user bench)
  curl -sf "$BASE/chatsessions/" -H "Authorization: Bearer $ACCESS" >/dev/null
  listed_ms=$(( $(now_ms) - start ))
  local listed_cpu=$(( $(cpu_ms "$host_pid") + $(cpu_ms "$worker_pid") ))
  echo "   instance $1: /health/ ${health_ms} ms (CPU ${health_cpu} ms), register + login + list ${listed_ms} ms (CPU ${listed_cpu} ms; host and worker)"
}

echo "== cold start: process start of the host to the first 200 from /health/, and to the first authenticated list"
for run in $(seq 1 "$cold_starts"); do
  start_instance "$run"
  health_all+=("$health_ms")
  listed_all+=("$listed_ms")
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
echo "   median of $cold_starts: /health/ $(median "${health_all[@]}") ms, first authenticated list $(median "${listed_all[@]}") ms"
export ACCESS

new_session() { curl -sf -X POST "$BASE/chatsessions/" -H "Authorization: Bearer $ACCESS" | json '["id"]'; }
for _ in $(seq 1 10); do
  session=$(new_session)
done
export SESSION_PATH="/chatsessions/$session/messages/"
sleep 1
idle_rss=$(memory_mb "$worker_pid" VmRSS)
echo "== worker memory idle (after start-up and sign-in, before load): $idle_rss RSS ($(rss_parts "$worker_pid"))"

# measure NAME WARM_UP_SECONDS SECONDS [wrk arguments]: the figures, with CPU per request; also kept in $work/last.txt
measure() {
  local name=$1 warm=$2 seconds=$3; shift 3
  [ "$warm" -gt 0 ] && wrk -t2 -c16 -d"${warm}s" "$@" >/dev/null
  local worker_before host_before worker_after host_after requests
  worker_before=$(cpu_ms "$worker_pid"); host_before=$(cpu_ms "$host_pid")
  wrk -t2 -c16 -d"${seconds}s" --latency "$@" >"$work/wrk.txt"
  worker_after=$(cpu_ms "$worker_pid"); host_after=$(cpu_ms "$host_pid")
  requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
  echo "== $name"
  grep -E "Requests/sec|Non-2xx|Socket errors|^ +(50|90|99)%" "$work/wrk.txt" | tee "$work/last.txt"
  awk -v w=$((worker_after - worker_before)) -v h=$((host_after - host_before)) -v n="$requests" \
    'BEGIN {printf "  CPU per request: worker %.3f ms, host %.3f ms (%d requests)\n", w / n, h / n, n}'
}
requests_per_second() { awk '/Requests\/sec/ {print $2}' "$work/last.txt"; }

list=(-H "Authorization: Bearer $ACCESS" "$BASE/chatsessions/")
measure "GET /chatsessions/ (10 sessions), the fresh instance's first 5 s of load" 0 5 "${list[@]}"
first_5s=$(requests_per_second)
if [ "$quick" = 1 ]; then
  measure "GET /chatsessions/ (10 sessions), 10 s after 10 s of load" 10 10 "${list[@]}"
else
  measure "GET /chatsessions/ (10 sessions), steady: 10 s after 20 s of load" 20 10 "${list[@]}"
fi
echo "== first 5 s at $(python3 -c "print(f'{100 * $first_5s / $(requests_per_second):.0f}')")% of steady (by requests/s)"
# The floor under the list: the same path through the host and the worker with less and less of our code in it. What
# these cost is the Functions worker's own invocation path (gRPC, pairing, binding) and Kestrel, with JWT validation.
measure "the floor: GET /models/ (authenticated, no database)" 5 10 -H "Authorization: Bearer $ACCESS" "$BASE/models/"
measure "the floor: GET /models/ without a token (401 from our middleware: no function runs)" 5 10 "$BASE/models/"
echo "== worker peak memory so far: $(memory_mb "$worker_pid" VmHWM) (VmHWM)"
# BENCH_QUICK=1: cold start and the list only, to compare two builds (such as before and after a change to authentication).
[ "$quick" = 1 ] && exit 0

# wrk gives up on a request after 2 s by default; logins queue behind BCrypt for longer than that on a busy machine, and
# each one given up would still be checked, for nothing: a longer timeout measures the logins, not that waste.
measure "POST /login/ (BCrypt at the configured work factor)" 5 10 --timeout 10s -s bench/login.lua "$BASE"
measure "POST messages, Gemini answers at once" 5 10 -s bench/post_message.lua "$BASE"
# That row posts into one session, whose history soon reaches its cap (every prompt is sent with up to 200 earlier
# turns); this one posts to 200 sessions in turn, so each conversation stays a few turns long.
short_sessions=()
for _ in $(seq 1 200); do short_sessions+=("/chatsessions/$(new_session)/messages/"); done
export SESSION_PATHS="${short_sessions[*]}"
measure "POST messages into short conversations (200 sessions in turn), Gemini answers at once" 5 10 -s bench/post_message.lua "$BASE"
unset SESSION_PATHS
curl -sf -X POST "http://127.0.0.1:$gemini_port/__delay?ms=200" >/dev/null
measure "POST messages, Gemini takes 200 ms" 5 10 -s bench/post_message.lua "$BASE"
echo "== worker peak memory under the runs above: $(memory_mb "$worker_pid" VmHWM) (VmHWM; now $(memory_mb "$worker_pid" VmRSS) RSS: $(rss_parts "$worker_pid"))"

stream_session=$(new_session)
echo "== streaming: the fake sends 3 chunks 50 ms apart; 50 answers after 5 warm-ups, one at a time"
python3 bench/stream_latency.py "$BASE" "$ACCESS" "$stream_session" "http://127.0.0.1:$gemini_port" 50

# Paging: one real message per session, copied to 100 and to 100,000; then the first page and a middle page.
for size in 100 100000; do
  paged=$(new_session)
  curl -sf -X POST "$BASE/chatsessions/$paged/messages/" -H "Authorization: Bearer $ACCESS" \
    -H 'Content-Type: application/json' -d '{"prompt": "Say something short."}' >/dev/null
  read -r first middle < <(python3 bench/seed_messages.py "$Chatbot__DataDirectory/chatbot.db" "$paged" "$size")
  measure "GET messages?limit=50, first page, session of $size" 5 10 -H "Authorization: Bearer $ACCESS" \
    "$BASE/chatsessions/$paged/messages/?limit=50"
  declare "first_$size=$(requests_per_second)"
  measure "GET messages?limit=50&after=<middle>, session of $size" 5 10 -H "Authorization: Bearer $ACCESS" \
    "$BASE/chatsessions/$paged/messages/?limit=50&after=$middle"
  declare "middle_$size=$(requests_per_second)"
done
echo "== a page at 100,000 messages costs $(python3 -c "print(f'{$first_100 / $first_100000:.2f}')")x the first page at 100" \
  "and $(python3 -c "print(f'{$middle_100 / $middle_100000:.2f}')")x a middle page (by requests/s; 1.00 = the same)"
echo "== worker peak memory, paging included: $(memory_mb "$worker_pid" VmHWM) (VmHWM; now $(memory_mb "$worker_pid" VmRSS) RSS: $(rss_parts "$worker_pid"))"
