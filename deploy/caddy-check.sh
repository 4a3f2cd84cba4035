#!/usr/bin/env bash
# Checks deploy/Caddyfile with a real Caddy (skipped when `caddy` is not installed): validates it, then
# runs it over plain HTTP on local ports in front of a stub application that records what reaches it,
# and checks the body caps per route (an oversized body is refused with 413 before the application
# sees a byte), the internal-only endpoints, the static files' cache headers and the forwarded headers.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v caddy >/dev/null || { echo "caddy not installed: skipped"; exit 0; }
caddy validate --config deploy/Caddyfile --adapter caddyfile >/dev/null 2>&1 || { caddy validate --config deploy/Caddyfile --adapter caddyfile; exit 1; }
echo "ok   caddy validate"

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "CADDY CHECK FAIL: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
app_port=$(free_port); caddy_port=$(free_port)
mkdir -p "$work/var/static/css"
echo 'body{}' >"$work/var/static/css/app.0123456789ab.css"
echo 'x' >"$work/var/static/robots.txt"

python3 - "$app_port" >"$work/app.log" 2>/dev/null <<'PY' &
import http.server, sys
class App(http.server.BaseHTTPRequestHandler):
    def _any(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        print(self.command, self.path, length, self.headers.get("X-Forwarded-For"),
              self.headers.get("X-Forwarded-Proto"), bool(self.headers.get("X-Request-ID")), flush=True)
        self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"ok")
    do_GET = do_POST = _any
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), App).serve_forever()
PY
pids+=($!)
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$app_port/" && break; sleep 0.1; done
: >"$work/app.log"

start_caddy() {  # extra environment assignments
  env CCHC_DOMAIN="http://127.0.0.1:$caddy_port" CCHC_UPSTREAM="127.0.0.1:$app_port" CCHC_VAR_DIR="$work/var" \
    "$@" caddy run --config deploy/Caddyfile --adapter caddyfile >>"$work/caddy.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$caddy_port/robots.txt" && return; sleep 0.1; done
  fail "caddy did not start: $(tail -n 5 "$work/caddy.log")"
}
base="http://127.0.0.1:$caddy_port"
expect() {  # status method path bytes
  local got
  got=$(head -c "$4" /dev/zero | curl -s -o /dev/null -w '%{http_code}' -X "$2" -H 'Expect:' --data-binary @- "$base$3")
  [ "$got" = "$1" ] || fail "$2 $3 with $4 bytes: $got, expected $1"
  if [ "$1" = 413 ] && grep -q "^$2 $3 $4 " "$work/app.log"; then fail "$2 $3 reached the application"; fi
  echo "ok   $2 $3 ($4 bytes): $got"
}

start_caddy
expect 200 POST /tra-cuu/ 1000000
expect 413 POST /tra-cuu/ 10000000
expect 200 POST /hoi-dap/gui/ 10000000
expect 413 POST /api/dossiers/X/documents 60000000
expect 200 POST /en/thu-tuc/1.001/nop-truc-tuyen/kiem-tra/ 60000000
expect 200 POST /quan-tri/ho-so/moi/ 60000000
expect 413 POST /quan-tri/nhap-danh-muc/ 60000000
# 200 MB declared: refused from the headers, the body is never sent (curl gives up writing it).
got=$(head -c 1000 /dev/zero | curl -s -o /dev/null -w '%{http_code}' -H 'Expect:' -H 'Content-Length: 200000000' \
  --data-binary @- "$base/thu-tuc/1.2/nop-truc-tuyen/" || true)
[ "$got" = 413 ] || fail "200 MB upload: $got"
echo "ok   POST of 200 MB to the online submission: 413"
if grep -q "200000000" "$work/app.log"; then fail "the 200 MB request reached the application"; fi
echo "ok   no refused request reached the application"

headers=$(curl -s -D - -o /dev/null -H 'X-Forwarded-For: 6.6.6.6' "$base/")
grep -q "^GET / 0 127.0.0.1 http True" "$work/app.log" || fail "forwarded headers: $(grep '^GET / ' "$work/app.log")"
echo "ok   X-Forwarded-For is the client's address (a spoofed one dropped), X-Forwarded-Proto and X-Request-ID set"
headers=$(curl -s -D - -o /dev/null "$base/static/css/app.0123456789ab.css")
grep -qi "^cache-control: public, max-age=31536000, immutable" <<<"$headers" || fail "hashed static: $headers"
headers=$(curl -s -D - -o /dev/null "$base/static/robots.txt")
grep -qi "^cache-control: public, max-age=60" <<<"$headers" || fail "plain static: $headers"
echo "ok   static files from disk: hashed names immutable for a year, others 60 s"
curl -s -o /dev/null "$base/static/missing.css"
grep -q "^GET /static/missing.css" "$work/app.log" || fail "a static file Caddy lacks is not passed on"
echo "ok   a static file not on Caddy's disk goes on to the application"
for path in /metrics /health/ready/ /health/; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base$path")" = 200 ] || fail "$path from inside"
done
echo "ok   /metrics, /health/ready/ reachable from the internal network"

kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
start_caddy CCHC_INTERNAL_NETWORKS=10.9.9.9/32
for path in /metrics /metrics/x /health/ready/; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base$path")" = 404 ] || fail "$path from outside is not 404"
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health/")" = 200 ] || fail "/health/ from outside"
echo "ok   from outside: /metrics and /health/ready/ 404, /health/ 200"
echo "CADDY CHECK OK"
