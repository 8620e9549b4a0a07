#!/usr/bin/env bash
# Public poster page and tip intake under load, with wrk on loopback (64 connections).
#   1. The poster page from Homeward against the same bytes as a static file from nginx, in the
#      same run; target: Homeward at 50% or more of nginx's requests per second.
#   2. Tips posted as JSON, each stored durably (committed) before its 201; target: 5,000 tips/s
#      on SQLite. The per-address rate limit is turned off for this run (one address sends all).
# For the page, both servers get the same CPU budget: each runs pinned to the last core (nginx with
# one worker) and wrk to the other cores, so neither server competes with wrk for a core. Tips are
# measured with Homeward started again on every core, as it runs in production.
# Usage: Benchmarks/posters.sh [SECONDS]   (needs wrk and nginx: apt-get install wrk nginx-light)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "install wrk and nginx first"; exit 1; }
swift build -c release --product homeward --scratch-path .build-bench
work=$(mktemp -d /tmp/homeward-poster-bench.XXXXXX)
chmod 755 "$work"  # nginx workers read the page as an unprivileged user
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

last_core=$(( $(nproc) - 1 ))
server_cpus=$last_core
client_cpus=0-$(( last_core > 0 ? last_core - 1 : 0 ))
port=$(free_port)
# Starts Homeward on the CPUs $1 (the demo data is loaded once; loading it again adds nothing).
start_homeward() {
  HOMEWARD_TIP_RATE_LIMIT=0 HOMEWARD_LOG_LEVEL=${HOMEWARD_LOG_LEVEL:-info} \
    taskset -c "$1" .build-bench/release/homeward serve --demo --data-dir "$work/data" --port "$port" >>"$work/server.log" 2>&1 &
  homeward_pid=$!
  pids+=($homeward_pid)
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
}
start_homeward "$server_cpus"
slug=$(curl -fsS "http://127.0.0.1:$port/api/v1/public/posters" | python3 -c 'import json,sys; print(json.load(sys.stdin)["posters"][0]["url"].split("/")[-1])')
mkdir -p "$work/www/posters"
curl -fsS "http://127.0.0.1:$port/posters/$slug" -o "$work/www/posters/$slug"
nginx_port=$(free_port)
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
CONF
mkdir -p "$work/tmp"
taskset -c "$server_cpus" nginx -c "$work/nginx.conf" -p "$work" -g 'daemon off;' &
pids+=($!)
sleep 1
echo "machine: $(nproc) cores (servers on CPU $server_cpus, wrk on CPU $client_cpus); $(date -u +%Y-%m-%dT%H:%MZ); page $(wc -c <"$work/www/posters/$slug") bytes; log level ${HOMEWARD_LOG_LEVEL:-info}"
rps() { grep "Requests/sec" | awk '{print $2}'; }
echo "== nginx, static copy of the page"
nginx_out=$(taskset -c "$client_cpus" wrk -t2 -c64 -d"${seconds}s" --latency "http://127.0.0.1:$nginx_port/posters/$slug")
echo "$nginx_out" | grep -E "Requests/sec|Latency|99%|Non-2xx"
echo "== Homeward, /posters/$slug"
hw_out=$(taskset -c "$client_cpus" wrk -t2 -c64 -d"${seconds}s" --latency "http://127.0.0.1:$port/posters/$slug")
echo "$hw_out" | grep -E "Requests/sec|Latency|99%|Non-2xx"
python3 -c "print('page ratio: Homeward / nginx = %.0f%%' % (100 * float('$(echo "$hw_out" | rps)') / float('$(echo "$nginx_out" | rps)')))"

kill "$homeward_pid"; wait "$homeward_pid" 2>/dev/null || true
start_homeward "0-$last_core"
echo "== Tips, POST /posters/$slug/tips (JSON, each one a new tip; Homeward and wrk on every core)"
before=$(sqlite3 "$work/data/homeward.sqlite" "SELECT COUNT(*) FROM tips")
cat >"$work/tips.lua" <<'LUA'
-- Each wrk thread has its own Lua state: a per-thread tag keeps every body, and so every tip, distinct.
local counter = 0
local tag = tostring({}):gsub("table: ", "")
request = function()
  counter = counter + 1
  local body = string.format('{"seen":"Benchmark sighting %s-%d","place":"Main St","when":"now"}', tag, counter)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
local created = 0
response = function(status) if status == 201 then created = created + 1 end end
LUA
tips_out=$(wrk -t2 -c64 -d"${seconds}s" --latency -s "$work/tips.lua" "http://127.0.0.1:$port/posters/$slug/tips")
echo "$tips_out" | grep -E "Requests/sec|Latency|99%|Non-2xx|requests in"
after=$(sqlite3 "$work/data/homeward.sqlite" "SELECT COUNT(*) FROM tips")
echo "tips stored during the run: $((after - before)) (every 201 answered after its commit)"
