#!/usr/bin/env bash
# Search benchmark: one user with 100,000 messages of varied text (bench/seed_search.py, straight into the database),
# then GET /search/ through the local host and the real worker (Release build) with wrk (10 s after a 5 s warm-up, with
# 16 connections and then with one), each request asking for another of 50 words; last, the same searches by a second
# user who has no messages at all (three empty sessions), whose answer is always empty. Prints the figures; run by hand.
#   bash bench/search.sh                 SQLite (needs wrk: apt-get install wrk)
#   CHATBOT_TEST_POSTGRES=... bash bench/search.sh     PostgreSQL (eval "$(bash .ci/postgres start)" gives one)
#   SEARCH_MESSAGES=10000 bash bench/search.sh
#   SEARCH_ONLY_EMPTY_USER=1 bash bench/search.sh      only the rows of the user with no messages
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
messages=${SEARCH_MESSAGES:-100000}

# shellcheck source=bench/lib.sh
. bench/lib.sh
dotnet build Chatbot.sln -c Release --nologo -v quiet >/dev/null
bench_work search-bench

export AZURE_FUNCTIONS_ENVIRONMENT=Production
export Chatbot__DataDirectory="$work"
export Jwt__SigningKey=$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')
# No message is sent to Gemini: they are all seeded. The key only lets the app start.
export Gemini__ApiKey=bench-key
export Gemini__BaseUrl=http://127.0.0.1:9
export Limits__Enabled=false
if [ -n "${CHATBOT_TEST_POSTGRES:-}" ]; then
  export Database__Provider=PostgreSQL
  export ConnectionStrings__Chatbot="$CHATBOT_TEST_POSTGRES;Database=chatbot_search_bench_$RANDOM"
  target=$ConnectionStrings__Chatbot
  echo "== PostgreSQL"
else
  target="$work/chatbot.db"
  echo "== SQLite"
fi

start_host Chatbot.LocalHost/bin/Release/net10.0/Chatbot.LocalHost.dll

export ACCESS=$(new_user bench)
NOBODY_ACCESS=$(new_user nobody)
new_session() { # access token, title
  curl -sf -X POST "$BASE/chatsessions/" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
    -d "{\"title\": \"$2\"}" | json '["id"]'
}
sessions=()
for i in $(seq 1 20); do
  sessions+=("$(new_session "$ACCESS" "Chat $i")")
done
# A user who opened the app a few times and never sent anything: sessions, no messages.
for i in 1 2 3; do
  new_session "$NOBODY_ACCESS" "Empty $i" >/dev/null
done

start=$(date +%s%N)
export WORDS=$(python3 bench/seed_search.py "$target" "$messages" "${sessions[@]}")
echo "== seeded $messages messages in ${#sessions[@]} sessions in $(( ($(date +%s%N) - start) / 1000000 )) ms (triggers and FTS5 included)"
word=${WORDS%% *}
hits=$(curl -sf "$BASE/search/?q=$word" -H "Authorization: Bearer $ACCESS" | json '.__len__()')
echo "== '$word' matches $hits messages (the 50 words asked for match about as many)"

run_wrk() { # name, then the query string after the word: once with 16 connections, once with 1 (latency alone)
  local name=$1
  export QUERY_TAIL=$2
  wrk -t2 -c16 -d5s -s bench/search.lua "$BASE" >/dev/null
  echo "== $name"
  wrk -t2 -c16 -d10s --latency -s bench/search.lua "$BASE" | grep -E "Requests/sec|Non-2xx|Socket errors|^ +(50|90|99)%" | sed 's/^/  16 connections: /'
  wrk -t1 -c1 -d10s --latency -s bench/search.lua "$BASE" | grep -E "Requests/sec|Non-2xx|^ +(50|90|99)%" | sed 's/^/  1 connection:   /'
}

words=$WORDS
if [ -z "${SEARCH_ONLY_EMPTY_USER:-}" ]; then
  run_wrk "GET /search/?q=<word> (every hit, up to 1000, with snippets)" ""
  run_wrk "GET /search/?q=<word>&limit=20" "&limit=20"
  run_wrk "GET /search/?q=<word>&limit=20&offset=200" "&limit=20&offset=200"
  # The word's first two letters as a prefix match some 7 words of the vocabulary, so thousands of messages: the
  # ranking then sorts them all to give the best 20.
  export WORDS=$(for w in $words; do printf '%s* ' "${w:0:2}"; done)
  run_wrk "GET /search/?q=<2 letters>*&limit=20" "&limit=20"
fi

# The same searches by a user with no messages: the answer is always empty, so whatever it costs is the other user's.
export ACCESS=$NOBODY_ACCESS
export WORDS=$words
run_wrk "a user with no messages: GET /search/?q=<word>&limit=20" "&limit=20"
export WORDS=$(for w in $words; do printf '%s* ' "${w:0:2}"; done)
run_wrk "a user with no messages: GET /search/?q=<2 letters>*&limit=20" "&limit=20"
# One letter as a prefix matches a few hundred words of the vocabulary: nearly every message of the other user.
export WORDS=$(for w in $words; do printf '%s* ' "${w:0:1}"; done)
run_wrk "a user with no messages: GET /search/?q=<1 letter>*&limit=20" "&limit=20"
