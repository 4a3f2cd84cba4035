#!/usr/bin/env bash
# Smoke test of a production start (CI step, or locally: deploy/smoke.sh). In a temporary var dir with
# SQLite: migrate, collectstatic, start gunicorn with production settings (CCHC_DEBUG=0, a random secret,
# the proxy declared as 127.0.0.1), then over plain HTTP from 127.0.0.1 acting as the proxy:
#   - a public page and a static file with "X-Forwarded-Proto: https" answer 200 with the security headers;
#   - without that header the page redirects to https://;
#   - `kill -HUP` (systemctl reload) during a burst of requests drops none of them;
# and stops gunicorn. Takes about 20 s.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}

work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "SMOKE FAIL: $*" >&2; [ -f "$work/gunicorn.log" ] && tail -n 30 "$work/gunicorn.log" >&2; exit 1; }
ok() { echo "ok   [${SECONDS}s] $*"; }

port=$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
unset DATABASE_URL  # SQLite in the temporary dir, whatever the caller's environment says
export CCHC_VAR_DIR="$work/var"
export CCHC_DEBUG=0
CCHC_SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
export CCHC_SECRET_KEY
export CCHC_ALLOWED_HOSTS=127.0.0.1,localhost
export CCHC_TRUSTED_PROXIES=127.0.0.1
export CCHC_BIND="127.0.0.1:$port"
export CCHC_WEB_WORKERS=2
export CCHC_REPORTS_RUN_IN_THREAD=0
base="http://127.0.0.1:$port"

start=$(date +%s)
# Independent of each other: run side by side.
"$BIN/cchc" collectstatic --no-input --verbosity 0 &
collect=$!
"$BIN/cchc" migrate --no-input --verbosity 0
wait "$collect" || fail "collectstatic failed"
ok "migrate and collectstatic: $(($(date +%s) - start)) s"
"$BIN/gunicorn" -c deploy/gunicorn.conf.py cchc.wsgi >"$work/gunicorn.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null "$base/" && break
  kill -0 "$pid" 2>/dev/null || fail "gunicorn did not start"
  sleep 0.2
done
ok "gunicorn started (pid $pid, $base)"

https() { curl -sS -o "$work/body" -D "$work/headers" -w '%{http_code}' -H 'X-Forwarded-Proto: https' "$@"; }
header() { { grep -i "^$1:" "$work/headers" || true; } | head -n 1 | cut -d: -f2- | tr -d '\r' | sed 's/^ //'; }
require_header() {
  local value
  value=$(header "$1")
  [ -n "$value" ] || fail "$2: no $1 header"
  case "$value" in *"$3"*) ok "$2: $1: $value" ;; *) fail "$2: $1 is '$value', expected '$3'" ;; esac
}

status=$(https "$base/")
[ "$status" = 200 ] || fail "GET / over https (proxy header) answered $status"
ok "GET / through the proxy: 200"
require_header Strict-Transport-Security "/" "max-age=31536000; includeSubDomains; preload"
require_header X-Content-Type-Options "/" nosniff
require_header Referrer-Policy "/" same-origin
require_header X-Frame-Options "/" DENY
require_header Content-Security-Policy "/" "script-src 'self'"
require_header Permissions-Policy "/" "camera=()"
require_header Cross-Origin-Opener-Policy "/" same-origin
grep -i '^content-security-policy:' "$work/headers" | grep -q "unsafe-inline" && fail "/: CSP allows unsafe-inline"
grep -qi '^set-cookie:.*csrftoken' "$work/headers" && { grep -i '^set-cookie:.*csrftoken' "$work/headers" | grep -qi secure || fail "CSRF cookie without Secure"; }

static=$("$BIN/python" - <<'PY'
import json, os
manifest = json.load(open(os.path.join(os.environ["CCHC_VAR_DIR"], "static", "staticfiles.json")))
name = next(v for k, v in manifest["paths"].items() if k.endswith(".css"))
print(name)
PY
)
status=$(https "$base/static/$static")
[ "$status" = 200 ] || fail "static file /static/$static answered $status"
ok "GET /static/$static: 200"
require_header Cache-Control "static" "immutable"

status=$(curl -sS -o /dev/null -D "$work/headers" -w '%{http_code}' "$base/")
location=$(header Location)
[ "$status" = 301 ] && [ "${location#https://}" != "$location" ] || fail "plain http answered $status '$location'"
ok "plain http: $status to $location"

# Reload during a burst: 4 clients x 20 requests, two HUPs while they run; every answer must be 200.
burst() { for n in $(seq 1 20); do https "$base/" -H "X-Forwarded-For: 203.0.113.$1" -o /dev/null; echo; done; }
for client in 1 2 3 4; do burst "$client" >"$work/burst.$client" & done
sleep 0.3; kill -HUP "$pid"; sleep 0.7; kill -HUP "$pid"
wait $(jobs -p | grep -v "^$pid$") 2>/dev/null || true
answers=$(cat "$work"/burst.* | grep -c . || true)
good=$(cat "$work"/burst.* | grep -c '^200$' || true)
[ "$answers" = 80 ] && [ "$good" = 80 ] || fail "reload dropped requests: $good of $answers answered 200 (80 sent)"
grep -q "Hang up" "$work/gunicorn.log" || fail "gunicorn did not see the HUP"
ok "HUP twice during 80 requests: all 200"

kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=""
ok "gunicorn stopped"
echo "SMOKE OK in ${SECONDS} s"
