#!/usr/bin/env bash
# What a new user does: `npm start` on an empty data folder, read the printed
# login, sign in. Then: a second Kemai on the same folder must refuse at once,
# Ctrl-C must stop cleanly, and a restart must reuse the data.
set -euo pipefail
cd "$(dirname "$0")/.."

data=$(mktemp -d /tmp/kemai-ci-XXXXXX)
chmod 755 "$data"
port=$(node -e 'const s=require("net").createServer().listen(0,()=>{console.log(s.address().port);s.close()})')
log="$data/start.log"
pid=""
cleanup() { [ -n "$pid" ] && kill -INT "$pid" 2>/dev/null; sleep 2; rm -rf "$data"; }
trap cleanup EXIT

fail() { echo "first-start: $*" >&2; echo "--- log ---" >&2; cat "$log" >&2 || true; exit 1; }

start_kemai() {
  # setsid: a process group of its own, so SIGINT reaches npm's child as Ctrl-C would.
  PORT=$port KEMAI_DATA_DIR="$data/kemai" setsid npm start >>"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || fail "Kemai exited before answering /api/health"
    sleep 1
  done
  fail "/api/health did not answer within 240 s"
}

stop_kemai() {
  kill -INT -- "-$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -0 "$pid" 2>/dev/null && fail "Kemai did not stop within 60 s of SIGINT"
  # npm itself reports a Ctrl-C as 130; what matters is that Kemai and its PostgreSQL stopped cleanly.
  local code=0
  wait "$pid" || code=$?
  [ "$code" = 0 ] || [ "$code" = 130 ] || fail "npm start exited $code on SIGINT"
  [ "$(grep -c 'Stopped cleanly' "$log")" = "$1" ] || fail "no clean-stop message"
  [ ! -e "$data/kemai/pg/postmaster.pid" ] || fail "PostgreSQL is still running after the stop"
  [ ! -e "$data/kemai/kemai.lock" ] || fail "the data folder lock was not released"
  pid=""
}

login() {
  local code
  code=$(curl -s -o "$data/login.json" -w '%{http_code}' -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$2\"}" "http://127.0.0.1:$port/api/auth/login")
  [ "$code" = 200 ] || fail "login as $1 answered $code: $(cat "$data/login.json")"
}

start_t0=$(date +%s%N)
start_kemai
echo "first-start: healthy after $(( ($(date +%s%N) - start_t0) / 1000000 )) ms (includes web build and demo data)"
email=$(sed -n 's/^ *e-mail: *//p' "$log" | head -1)
password=$(sed -n 's/^ *password: *//p' "$log" | head -1)
[ -n "$email" ] && [ -n "$password" ] || fail "the first start did not print a login"
login "$email" "$password"
grep -q 'Demo data: 3000 customers' "$log" || fail "demo data was not loaded"
curl -fsS "http://127.0.0.1:$port/" | grep -q '<div id="root"' || fail "the web app is not served at /"
echo "first-start: signed in as $email; idle RSS $(ps -o rss= -p "$(pgrep -f '^node .*src/cli/kemai.ts start' | head -1)") KiB"

second=$(PORT=0 KEMAI_DATA_DIR="$data/kemai" timeout 60 node_modules/.bin/node src/cli/kemai.ts start 2>&1) && fail "a second Kemai on the same folder started"
echo "$second" | grep -q 'in use by another Kemai' || fail "the second Kemai did not explain the lock: $second"
curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null || fail "the first Kemai was harmed by the second"

stop_kemai 1
start_kemai
login "$email" "$password"
[ "$(grep -c 'Kemai is set up' "$log")" = 1 ] || fail "the restart set Kemai up again instead of reusing the data"
stop_kemai 2
echo "first-start: ok"
