#!/usr/bin/env bash
# Benchmark of /v1/ as a gateway: with the fake Gemini answering at once, what /v1/chat/completions (an API key, a
# hidden session per call) costs beside the chat API's own send (a JWT, short conversations), and how long each of
# Gemini's chunks takes to reach a /v1/ stream's client, beside the chat API's stream. Prints the figures; run by hand.
#   bash bench/gateway.sh          (needs wrk: apt-get install wrk)
#   BENCH_PUBLISHED=DIR            use DIR/Chatbot.Functions and DIR/Chatbot.LocalHost as published before
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_work gateway
publish_app
start_fake_gemini

export AZURE_FUNCTIONS_ENVIRONMENT=Production
export Jwt__SigningKey=$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')
export Gemini__ApiKey=bench-key Gemini__BaseUrl="http://127.0.0.1:$gemini_port"
export Limits__Enabled=false Titles__Enabled=false
export Chatbot__DataDirectory="$work/data"
start_host "$published/Chatbot.LocalHost/Chatbot.LocalHost.dll" --functions-dir "$published/Chatbot.Functions"

ACCESS=$(new_user bench)
KEY=$(curl -sf -X POST "$BASE/me/api-keys/" -H "Authorization: Bearer $ACCESS" -H 'Content-Type: application/json' \
  -d '{"name": "bench"}' | json '["key"]')
export ACCESS KEY
sessions=()
for _ in $(seq 1 200); do
  sessions+=("/chatsessions/$(curl -sf -X POST "$BASE/chatsessions/" -H "Authorization: Bearer $ACCESS" | json '["id"]')/messages/")
done
export SESSION_PATHS="${sessions[*]}"

# measure NAME [wrk arguments]: 5 s of warm-up, then 10 s measured; the p50 in ms is kept in $work/p50.
measure() {
  local name=$1; shift
  wrk -t2 -c16 -d5s "$@" >/dev/null
  wrk -t2 -c16 -d10s --latency "$@" >"$work/wrk.txt"
  echo "== $name"
  grep -E "Requests/sec|Non-2xx|Socket errors|^ +(50|90|99)%" "$work/wrk.txt"
  awk '$1 == "50%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else { sub(/s$/, "", v); v *= 1000 } print v }' \
    "$work/wrk.txt" >"$work/p50"
}

for round in 1 2; do
  measure "round $round: POST /chatsessions/{id}/messages/ (JWT, 200 short conversations in turn)" -s bench/post_message.lua "$BASE"
  chat_p50=$(cat "$work/p50")
  measure "round $round: POST /v1/chat/completions (API key, not stored)" -s bench/v1_completion.lua "$BASE"
  v1_p50=$(cat "$work/p50")
  echo "== round $round: /v1/ p50 minus the chat API's p50: $(python3 -c "print(f'{$v1_p50 - $chat_p50:+.2f}')") ms"
done

echo "== streaming through /v1/: the fake sends 3 chunks 50 ms apart; 50 completions after 5 warm-ups, one at a time"
python3 bench/v1_stream_latency.py "$BASE" "$KEY" "http://127.0.0.1:$gemini_port" 50
echo "== the same through the chat API's stream, for comparison"
stream_session=$(curl -sf -X POST "$BASE/chatsessions/" -H "Authorization: Bearer $ACCESS" | json '["id"]')
python3 bench/stream_latency.py "$BASE" "$ACCESS" "$stream_session" "http://127.0.0.1:$gemini_port" 50
