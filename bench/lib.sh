# Sourced by the benchmark scripts (after `cd` to the repository): what each of them needs to run the app by hand.
#   bench_work NAME        a work folder ($work) that goes when the script ends, with the host and the fake Gemini
#   publish_app            the app published as Azure gets it (ReadyToRun comes with a publish), into $published
#   start_fake_gemini      bench/fake_gemini.py on a free port: $gemini_port
#   start_host DLL [ARGS]  the local host on a free port, once /health/ answers: $port, $BASE, $host_pid
#   new_user NAME          registers NAME (password benchpass) and prints its access token

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

bench_work() {
  work=$(mktemp -d "/tmp/chatbot-$1.XXXXXX")
  host_pid=""
  gemini_pid=""
  trap bench_cleanup EXIT
}

bench_cleanup() {
  for pid in $host_pid $gemini_pid; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}

# BENCH_PUBLISHED=DIR uses DIR/Chatbot.Functions and DIR/Chatbot.LocalHost, published before.
publish_app() {
  published=${BENCH_PUBLISHED:-$work/publish}
  if [ -z "${BENCH_PUBLISHED:-}" ]; then
    for project in Chatbot.Functions Chatbot.LocalHost; do
      dotnet publish "$project" -c Release --nologo -v quiet -o "$published/$project" >/dev/null
    done
  fi
}

start_fake_gemini() {
  gemini_port=$(free_port)
  python3 bench/fake_gemini.py "$gemini_port" >"$work/gemini.log" 2>&1 &
  gemini_pid=$!
}

start_host() {
  local dll=$1; shift
  port=$(free_port)
  BASE="http://127.0.0.1:$port"
  dotnet "$dll" --port "$port" "$@" >"$work/host.log" 2>&1 &
  host_pid=$!
  until curl -sf "$BASE/health/" >/dev/null; do
    kill -0 "$host_pid" 2>/dev/null || { cat "$work/host.log"; exit 1; }
    sleep 0.05
  done
}

new_user() {
  curl -sf -X POST "$BASE/register/" -H 'Content-Type: application/json' \
    -d "{\"username\": \"$1\", \"email\": \"$1@example.com\", \"password\": \"benchpass\"}" >/dev/null
  curl -sf -X POST "$BASE/login/" -H 'Content-Type: application/json' \
    -d "{\"username\": \"$1\", \"password\": \"benchpass\"}" | json '["access"]'
}
