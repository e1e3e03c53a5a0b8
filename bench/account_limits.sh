#!/usr/bin/env bash
# Issue 25's figures, through the local host and the real worker from the Release build (dotnet build Chatbot.sln -c
# Release first), at the default work factor (10) with the limits on (1000 registrations an hour, so they never refuse
# here). Prints the median time of 20 new-account and 20 taken-name /register/ answers (interleaved), and how many wrong
# current passwords POST /me/password/ and DELETE /me/ take before a 429. Run by hand:
#   bash bench/account_limits.sh [port]        (default 7181)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD; port=${1:-7181}
data=$(mktemp -d)
AZURE_FUNCTIONS_ENVIRONMENT=Production Chatbot__DataDirectory=$data \
Jwt__SigningKey=$(head -c 32 /dev/urandom | base64) Gemini__ApiKey=fake Gemini__BaseUrl=http://127.0.0.1:9 \
Limits__Enabled=true Limits__RegistrationsPerAddressPerHour=1000 \
  dotnet "$root/Chatbot.LocalHost/bin/Release/net10.0/Chatbot.LocalHost.dll" --port "$port" >"$data/host.log" 2>&1 &
host=$!
trap 'kill $host; wait $host 2>/dev/null; rm -rf "$data"' EXIT
base=http://127.0.0.1:$port
until curl -sf "$base/health/" >/dev/null; do sleep 1; done
reg() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X POST "$base/register/" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$1\",\"email\":\"$1@example.com\",\"password\":\"long-enough-pass\"}"; }
reg taken >/dev/null; reg warm >/dev/null; reg taken >/dev/null
: >"$data/new"; : >"$data/taken"
for i in $(seq 1 20); do reg "new$i" >>"$data/new"; reg taken >>"$data/taken"; done
median() { awk '{print $2}' "$1" | sort -n | awk '{a[NR]=$1} END {printf "%.1f ms", (a[int((NR+1)/2)]+a[int(NR/2)+1])/2*1000}'; }
echo "register new:   codes $(awk '{print $1}' "$data/new" | sort | uniq -c | xargs), median $(median "$data/new")"
echo "register taken: codes $(awk '{print $1}' "$data/taken" | sort | uniq -c | xargs), median $(median "$data/taken")"
access() { curl -s -X POST "$base/login/" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"long-enough-pass\"}" | sed 's/.*"access":"\([^"]*\)".*/\1/'; }
tries() { # method path user body
  local token; token=$(access "$3"); local n=0 code
  while ((n < 30)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -X "$1" "$base$2" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$4")
    [[ $code == 429 ]] && { echo "$1 $2: 429 after $n wrong tries"; return; }
    n=$((n + 1))
  done
  echo "$1 $2: no 429 in $n wrong tries (last $code)"
}
tries POST /me/password/ new1 '{"current_password":"wrong-guess","new_password":"another-long-pass"}'
tries DELETE /me/ new2 '{"current_password":"wrong-guess"}'
