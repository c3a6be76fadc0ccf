#!/usr/bin/env bash
# writes-bench.sh -- latency of the HTTP writes (OGC API - Features Part 4) under concurrent
# writers, on a database of your choice (a national one: `maillage demo load --scale 100`).
#
#   1. PATCH: merge patches of the employees of random actors of one région (an editor token
#      scoped to it), CONNS writers at once;
#   2. POST: new partnerships between random actors of that région;
#   3. a GET of one actor by id in the same run, as the baseline (ratios against it).
# wrk prints each case's latency distribution (p50, p99) and rate. The writes change the
# database (employees, new partnerships, history rows): use a database made for benchmarks.
#
# Usage (from the repository root; the database must be migrated to the current schema):
#   DBURL=postgres://postgres@127.0.0.1:55432/national9 bash scripts/writes-bench.sh
# Knobs: CONNS=8 THREADS=2 DURATION=10 PORT=8096 REGION=84 POOL=8 MA_BIN (default: go build).
set -euo pipefail
: "${DBURL:?set DBURL to the database to write to}"
CONNS=${CONNS:-8} THREADS=${THREADS:-2} DURATION=${DURATION:-10} PORT=${PORT:-8096}
REGION=${REGION:-84} POOL=${POOL:-8}
WORK=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
MA_BIN=${MA_BIN:-$WORK/maillage}
[ -x "$MA_BIN" ] || go build -o "$MA_BIN" ./cmd/maillage

"$MA_BIN" migrate --database-url "$DBURL" --log-level warn
TOKEN=$("$MA_BIN" token create --database-url "$DBURL" --name "bench $(date +%s)" --role editor --scope "region:$REGION" 2>/dev/null)
# Actor ids of the région, for the Lua scripts to draw from.
psql "$DBURL" -Atc "SELECT a.id FROM actors a JOIN territories c ON c.level = 'commune' AND c.code = a.commune
                     WHERE c.region = '$REGION' ORDER BY random() LIMIT 20000" > "$WORK/ids"
echo "$(wc -l < "$WORK/ids") actors of région $REGION drawn"

"$MA_BIN" serve --addr 127.0.0.1:$PORT --database-url "$DBURL" --db-max-conns "$POOL" --log-level warn &
PID=$!
for _ in $(seq 50); do curl -sf http://127.0.0.1:$PORT/readyz >/dev/null && break; sleep 0.2; done

cat > "$WORK/common.lua" <<LUA
ids = {}
for line in io.lines("$WORK/ids") do ids[#ids + 1] = line end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
function pick() return ids[math.random(#ids)] end
LUA
cat > "$WORK/patch.lua" <<LUA
dofile("$WORK/common.lua")
request = function()
  local body = string.format('{"properties":{"employees":%d}}', math.random(0, 400))
  return wrk.format("PATCH", "/ogc/collections/actors/items/" .. pick(),
    {["Authorization"] = "Bearer $TOKEN", ["Content-Type"] = "application/merge-patch+json"}, body)
end
LUA
cat > "$WORK/post.lua" <<LUA
dofile("$WORK/common.lua")
request = function()
  local a, b = pick(), pick()
  while b == a do b = pick() end
  local body = string.format('{"type":"Feature","geometry":null,"properties":{"actor_a":%s,"actor_b":%s,"category":"mecenat","domain":"culture","start":"2026-01-01"}}', a, b)
  return wrk.format("POST", "/ogc/collections/partnerships/items",
    {["Authorization"] = "Bearer $TOKEN", ["Content-Type"] = "application/geo+json"}, body)
end
LUA
cat > "$WORK/get.lua" <<LUA
dofile("$WORK/common.lua")
request = function() return wrk.format("GET", "/ogc/collections/actors/items/" .. pick()) end
LUA
for case in get patch post; do
  echo "== $case ($CONNS connections, ${DURATION}s)"
  wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency -s "$WORK/$case.lua" "http://127.0.0.1:$PORT" |
    grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx|requests in"
done
