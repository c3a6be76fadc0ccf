#!/usr/bin/env bash
# tiles-side-by-side.sh -- Maillage's OGC API - Tiles (Mapbox Vector Tiles) and pg_tileserv side by
# side on the SAME PostGIS database, same run, same pool size, wrk with the same connections; the
# tile statement Maillage runs is also timed alone through pgbench ("raw").
#
#   1. a raw z12 actors tile (RAW_TILE, several thousand actors, under Maillage's 8192 budget):
#      Maillage without response cache, Maillage with its default cache, pg_tileserv with the
#      properties Maillage's actors tiles carry, pg_tileserv with every column, pgbench of
#      Maillage's exact statement, and pgbench of pg_tileserv's own statement (extra)
#   2. the Paris z12 tile (PARIS_TILE): Maillage answers actor cells, pg_tileserv every point
#   3. every Maillage collection at zoom 5 and zoom 8 over mainland France, both caches off:
#      bytes plain / gzip / zstd, time of the first request and median of the next NEXT ones
#
# Usage (from the repository root of a checkout; the database must be running):
#   DBURL=postgres://postgres@127.0.0.1:55432/national \
#   TS_GITDIR=/work/.mirror/CrunchyData+pg_tileserv/repo bash scripts/tiles-side-by-side.sh
# Knobs: BASE=/var/tmp/tilebench (binaries, results in $BASE/results/<date>),
#   MA_BIN (default: go build ./cmd/maillage into $BASE/maillage), TS_BIN (default: $BASE/pg_tileserv,
#   built from TS_GITDIR when absent), MA_PORT=8095 TS_PORT=7800, POOL=8 (both servers' pools),
#   CONNS=8 THREADS=2 DURATION=10 WARMUP=2 (wrk/pgbench), PGBENCH_JOBS=2,
#   RAW_TILE=12/2102/1460 PARIS_TILE=12/2074/1409 (z/x/y, pg_tileserv's order; Maillage's path is z/y/x;
#   on `demo load --scale 100` data 12/2102/1460 holds 3 901 actors, 12/2101/1460 next to it 742: try
#   both, pg_tileserv's per-feature cost shows on the first, the fixed costs on the second),
#   Z5_X="15 16" Z5_Y="10 11" Z8_X="128 129 130 131" Z8_Y="87 88 89 90", NEXT=5,
#   PGLOG=/var/tmp/natpg/server.log (the cluster's log, with log_min_duration_statement low enough
#   to catch the tile statements: they are then taken from it, parameters and all; otherwise
#   Maillage's statement is printed by scripts/tilestatement, and pg_tileserv's is skipped), ONLY="1 2 3" (parts to run),
#   EXTRA_SQL=<file> (also pgbench that statement in part 1, e.g. a variant of Maillage's),
#   COLLECTIONS (part 3's, default all seven).
# Every connection of the run carries application_name tilebench-*, so that each case waits
# until the previous one's statements are over (a server keeps running the queries in flight when
# wrk closes its connections: 8 Paris tiles of pg_tileserv take 1.5 s more).
# Servers listen on 127.0.0.1 only and are stopped by PID at the end. Results drift +-15-20 %
# between runs on a shared 2-core machine: compare the ratios of one run.
set -uo pipefail
DBURL=${DBURL:-postgres://postgres@127.0.0.1:55432/national}
BASE=${BASE:-/var/tmp/tilebench}; MA_PORT=${MA_PORT:-8095}; TS_PORT=${TS_PORT:-7800}; POOL=${POOL:-8}
CONNS=${CONNS:-8}; THREADS=${THREADS:-2}; DURATION=${DURATION:-10}; WARMUP=${WARMUP:-2}; PGBENCH_JOBS=${PGBENCH_JOBS:-2}
RAW_TILE=${RAW_TILE:-12/2102/1460}; PARIS_TILE=${PARIS_TILE:-12/2074/1409}
Z5_X=${Z5_X:-15 16}; Z5_Y=${Z5_Y:-10 11}; Z8_X=${Z8_X:-128 129 130 131}; Z8_Y=${Z8_Y:-87 88 89 90}; NEXT=${NEXT:-5}
PGLOG=${PGLOG:-/var/tmp/natpg/server.log}; ONLY=${ONLY:-1 2 3}
TS_PROPS=name,kind,commune,size_class,sector   # the properties of Maillage's actors tiles
COLLECTIONS=${COLLECTIONS:-actors partnerships alliances communes epcis departements regions}
mkdir -p "$BASE"; RES="$BASE/results/$(date +%Y%m%d-%H%M%S)"; mkdir -p "$RES"
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$RES/log.txt" >&2; }
want() { [[ " $ONLY " == *" $1 "* ]]; }
for t in wrk pgbench psql curl python3; do command -v $t >/dev/null || { echo "missing $t" >&2; exit 1; }; done
for p in $MA_PORT $TS_PORT; do
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/"; then echo "port $p is already in use" >&2; exit 1; fi
done
psql -X "$DBURL" -Atqc 'select 1' >/dev/null || { echo "cannot reach $DBURL" >&2; exit 1; }
app() { case "$DBURL" in *\?*) echo "$DBURL&application_name=$1";; *) echo "$DBURL?application_name=$1";; esac; }
quiesce() { # wait (at most 60 s) until no statement of this run's connections is running
  local n
  for i in $(seq 1 300); do
    n=$(psql -X "$DBURL" -Atqc "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'tilebench-%' AND state = 'active'")
    [ "${n:-0}" = 0 ] && { [ $i -gt 1 ] && log "waited ~$(( (i - 1) * 2 ))00 ms for the previous case's statements to end"; return 0; }
    sleep 0.2
  done
  log "statements of a previous case still running after 60 s"
}

# -- binaries
if [ -z "${MA_BIN:-}" ]; then
  MA_BIN="$BASE/maillage"; go build -o "$MA_BIN" ./cmd/maillage || { echo "maillage build failed" >&2; exit 1; }
fi
TS_BIN=${TS_BIN:-$BASE/pg_tileserv}
if [ ! -x "$TS_BIN" ]; then
  rm -rf "$BASE/pgts-src"; git clone -q "${TS_GITDIR:?set TS_GITDIR or TS_BIN}" "$BASE/pgts-src" || exit 1
  (cd "$BASE/pgts-src" && GOFLAGS=-buildvcs=false go build -o "$TS_BIN" .) || exit 1
fi

# -- servers
MA_PID=; TS_PID=
trap '[ -n "$MA_PID" ] && kill $MA_PID 2>/dev/null; [ -n "$TS_PID" ] && kill $TS_PID 2>/dev/null; wait 2>/dev/null' EXIT
waitfor() { for _ in $(seq 1 150); do curl -fs -o /dev/null --max-time 2 "$1" && return 0; sleep 0.2; done; log "no answer from $1"; return 1; }
start_ma() { # label, extra flags...
  local label=$1; shift
  [ -n "$MA_PID" ] && { kill $MA_PID; wait $MA_PID 2>/dev/null; MA_PID=; }
  setsid "$MA_BIN" serve --addr 127.0.0.1:$MA_PORT --database-url "$(app tilebench-maillage)" --db-max-conns $POOL --log-level warn "$@" \
    >"$RES/maillage-$label.log" 2>&1 & MA_PID=$!
  waitfor "http://127.0.0.1:$MA_PORT/readyz" || exit 1
  log "maillage ($label) pid $MA_PID: serve $*"
}
start_ts() {
  # pg_tileserv reads TS_-prefixed settings from the environment (viper), DATABASE_URL directly.
  # Started from its source folder so that its ./assets preview pages are found.
  (cd "$(dirname "$TS_BIN")/pgts-src" 2>/dev/null || cd "$BASE"
   exec env DATABASE_URL="$(app tilebench-pg_tileserv)" TS_DBPOOLMAXCONNS=$POOL TS_HTTPHOST=127.0.0.1 TS_HTTPPORT=$TS_PORT setsid "$TS_BIN") \
    >"$RES/pg_tileserv.log" 2>&1 & TS_PID=$!
  waitfor "http://127.0.0.1:$TS_PORT/index.json" || exit 1
  log "pg_tileserv pid $TS_PID, DbPoolMaxConns=$POOL"
}
MA=http://127.0.0.1:$MA_PORT/ogc/collections; TS=http://127.0.0.1:$TS_PORT
ma_tile() { local z x y; IFS=/ read -r z x y <<<"$2"; echo "$MA/$1/tiles/WebMercatorQuad/$z/$y/$x"; } # collection z/x/y
ts_tile() { echo "$TS/public.actors/$1.pbf${2:+?properties=$2}"; }                                   # z/x/y [properties]
bytes() { curl -s -o /dev/null -w '%{http_code} %{size_download}' --max-time 60 "$@"; }
wrkrun() { # label url -> "req/s p50"
  [ "$WARMUP" -gt 0 ] && wrk -t$THREADS -c$CONNS -d${WARMUP}s "$2" >/dev/null 2>&1
  wrk -t$THREADS -c$CONNS -d${DURATION}s --timeout 30s --latency "$2" >"$RES/$1.wrk" 2>&1
  local bad; bad=$(awk '/Non-2xx/{print $NF}' "$RES/$1.wrk"); [ -n "$bad" ] && log "$1: $bad non-2xx answers"
  quiesce
  echo "$(awk '/Requests\/sec/{print $2}' "$RES/$1.wrk") $(awk '$1=="50%"{print $2}' "$RES/$1.wrk")"
}
pgbenchrun() { # label sqlfile -> tps
  pgbench -n -M extended -c $CONNS -j $PGBENCH_JOBS -T $DURATION -f "$2" "$(app tilebench-pgbench)" >"$RES/$1.pgbench" 2>&1
  quiesce
  awk '/^tps/{print $3; exit}' "$RES/$1.pgbench"
}
logmark() { [ -r "$PGLOG" ] && wc -l <"$PGLOG" || echo 0; }
# fromlog start marker-regex must-contain -> the last logged statement after line start matching
# both, its $n parameters replaced by the logged values ('' when none).
fromlog() {
  [ -r "$PGLOG" ] || return 0
  python3 - "$PGLOG" "$1" "$2" "$3" <<'PY'
import re, sys
path, start, marker, must = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
lines = open(path, errors="replace").read().splitlines()[start:]
head = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
entries, cur = [], None
for l in lines:
    if head.match(l):
        cur = [l]; entries.append(cur)
    elif cur is not None:
        cur.append(l)
found = None
for i, e in enumerate(entries):
    m = re.search(r"LOG:  duration: [\d.]+ ms  (?:execute [^:]*|statement): ?(.*)$", e[0])
    if not m:
        continue
    sql = "\n".join([m.group(1)] + [l[1:] if l.startswith("\t") else l for l in e[1:]]).strip()
    if not re.search(marker, sql):
        continue
    params = {}
    if i + 1 < len(entries) and "DETAIL:  parameters:" in entries[i + 1][0]:
        detail = " ".join(entries[i + 1])
        params = {int(n): v for n, v in re.findall(r"\$(\d+) = ('(?:[^']|'')*'|NULL)", detail)}
    sql = re.sub(r"\$(\d+)", lambda mm: params.get(int(mm.group(1)), mm.group(0)), sql)
    if must in sql:
        found = sql
if found:
    print(found.rstrip().rstrip(";") + ";")
PY
}
# Maillage's raw actors tile statement, for when the log is not readable: printed by the store's
# own code (postgis.TileStatement through scripts/tilestatement), never a copy of it.
ma_template() { # z/x/y
  go run ./scripts/tilestatement "$1"
}
ratio() { python3 -c "a,b='$1','$2'; print(round(float(a)/float(b),2) if a and b and float(b)>0 else '-')"; }

start_ts
IFS=/ read -r RZ RX RY <<<"$RAW_TILE"
N=$(psql -X "$DBURL" -Atqc "SELECT count(*) FROM actors WHERE geom && ST_Transform(ST_TileEnvelope($RZ,$RX,$RY),4326)")
NB=$(psql -X "$DBURL" -Atqc "SELECT count(*) FROM actors WHERE geom && ST_Transform(ST_Expand(ST_TileEnvelope($RZ,$RX,$RY), 20037508.342789244*2/2^$RZ*256/4096),4326)")
log "raw tile $RAW_TILE (Maillage path $RZ/$RY/$RX): $N actors in the tile, $NB with the 256/4096 buffer"

# -- 1 and 2: throughput
if want 1 || want 2; then
  printf 'case\tserver\tbytes\treq/s (tps)\tp50\n' >"$RES/throughput.tsv"
  row() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" | tee -a "$RES/throughput.tsv"; }
  URAW=$(ma_tile actors "$RAW_TILE"); UPARIS=$(ma_tile actors "$PARIS_TILE")
  for mode in uncached cached; do
    if [ $mode = uncached ]; then start_ma uncached --response-cache-mb 0; else start_ma cached; fi
    if want 1; then
      mark=$(logmark); read -r code b <<<"$(bytes "$URAW")"; sleep 0.5
      [ $mode = uncached ] && MA_SQL=$(fromlog "$mark" 'ST_AsMVT\(tile' "ST_TileEnvelope('$RZ'::int, '$RX'::int, '$RY'::int)")
      read -r rps p50 <<<"$(wrkrun "1-maillage-$mode" "$URAW")"; row "1 raw $RAW_TILE" "maillage $mode" "$b" "$rps" "$p50"
      declare "MA1_$mode=$rps"; MA1_BYTES=$b
    fi
    if want 2; then
      read -r code b <<<"$(bytes "$UPARIS")"
      read -r rps p50 <<<"$(wrkrun "2-maillage-$mode" "$UPARIS")"; row "2 Paris $PARIS_TILE" "maillage $mode (actor cells)" "$b" "$rps" "$p50"
    fi
  done
  kill $MA_PID; wait $MA_PID 2>/dev/null; MA_PID=
  if want 1; then
    mark=$(logmark); read -r code b <<<"$(bytes "$(ts_tile "$RAW_TILE" "$TS_PROPS")")"; sleep 0.5
    TS_SQL=$(fromlog "$mark" "ST_AsMVT\\(mvtgeom, 'public.actors'" 'public')
    read -r rps p50 <<<"$(wrkrun 1-pg_tileserv-props "$(ts_tile "$RAW_TILE" "$TS_PROPS")")"; row "1 raw $RAW_TILE" "pg_tileserv ?properties=$TS_PROPS" "$b" "$rps" "$p50"; TS1_props=$rps
    read -r code b <<<"$(bytes "$(ts_tile "$RAW_TILE")")"
    read -r rps p50 <<<"$(wrkrun 1-pg_tileserv-all "$(ts_tile "$RAW_TILE")")"; row "1 raw $RAW_TILE" "pg_tileserv all columns" "$b" "$rps" "$p50"; TS1_all=$rps
    if [ -n "${MA_SQL:-}" ]; then log "Maillage's statement taken from $PGLOG"; else log "Maillage's statement rebuilt from the template"; MA_SQL=$(ma_template "$RAW_TILE"); fi
    printf '%s\n' "$MA_SQL" >"$RES/maillage-tile.sql"
    rb=$(psql -X "$DBURL" -Atqc "SELECT length(t) FROM ($(sed '$ s/;$//' "$RES/maillage-tile.sql")) s(o, t)")
    [ "$rb" = "$MA1_BYTES" ] || log "note: the statement gives $rb bytes, Maillage answered $MA1_BYTES"
    psql -X "$DBURL" -Atqc "EXPLAIN (ANALYZE, BUFFERS) $(sed '$ s/;$//' "$RES/maillage-tile.sql")" >"$RES/maillage-tile.explain" 2>&1
    RAW=$(pgbenchrun 1-raw-maillage-statement "$RES/maillage-tile.sql"); row "1 raw $RAW_TILE" "pgbench: Maillage's statement" "$rb" "$RAW" "-"
    if [ -n "${TS_SQL:-}" ]; then
      printf '%s\n' "$TS_SQL" >"$RES/pg_tileserv-tile.sql"
      tb=$(psql -X "$DBURL" -Atqc "SELECT length(t) FROM ($(sed '$ s/;$//' "$RES/pg_tileserv-tile.sql")) s(t)")
      psql -X "$DBURL" -Atqc "EXPLAIN (ANALYZE, BUFFERS) $(sed '$ s/;$//' "$RES/pg_tileserv-tile.sql")" >"$RES/pg_tileserv-tile.explain" 2>&1
      TSRAW=$(pgbenchrun 1-raw-pg_tileserv-statement "$RES/pg_tileserv-tile.sql"); row "1 raw $RAW_TILE" "pgbench: pg_tileserv's statement (props)" "$tb" "$TSRAW" "-"
    fi
    if [ -n "${EXTRA_SQL:-}" ]; then
      cp "$EXTRA_SQL" "$RES/extra.sql"
      eb=$(psql -X "$DBURL" -Atqc "SELECT length(t) FROM ($(sed '$ s/;$//' "$RES/extra.sql")) s(o, t)")
      XRAW=$(pgbenchrun 1-raw-extra "$RES/extra.sql"); row "1 raw $RAW_TILE" "pgbench: $(basename "$EXTRA_SQL")" "$eb" "$XRAW" "-"
    fi
    {
      echo "ratios (same run):"
      echo "  maillage uncached / pg_tileserv props = $(ratio "${MA1_uncached:-}" "$TS1_props")   / pg_tileserv all = $(ratio "${MA1_uncached:-}" "$TS1_all")"
      echo "  maillage cached   / pg_tileserv props = $(ratio "${MA1_cached:-}" "$TS1_props")   / pg_tileserv all = $(ratio "${MA1_cached:-}" "$TS1_all")"
      echo "  maillage uncached / raw = $(ratio "${MA1_uncached:-}" "$RAW")"
      echo "  pg_tileserv props / raw = $(ratio "$TS1_props" "$RAW")   pg_tileserv all / raw = $(ratio "$TS1_all" "$RAW")"
      [ -n "${TSRAW:-}" ] && echo "  pg_tileserv props / its own statement = $(ratio "$TS1_props" "$TSRAW")"
    } | tee "$RES/ratios.txt"
  fi
  if want 2; then
    P=$(ts_tile "$PARIS_TILE"); read -r code b <<<"$(bytes "$P")"
    read -r rps p50 <<<"$(wrkrun 2-pg_tileserv "$P")"; row "2 Paris $PARIS_TILE" "pg_tileserv all columns (every point)" "$b" "$rps" "$p50"
  fi
fi
kill $TS_PID; wait $TS_PID 2>/dev/null; TS_PID=; quiesce

# -- 3: every collection at zoom 5 and 8, both caches off
if want 3; then
  start_ma nocache --response-cache-mb 0 --analysis-cache-mb 0
  printf 'collection\ttile z/x/y\tstatus\tbytes\tgzip bytes\tzstd bytes\tfirst ms\tmedian next ms\n' >"$RES/zooms.tsv"
  tiles() { for y in $Z5_Y; do for x in $Z5_X; do echo 5/$x/$y; done; done; for y in $Z8_Y; do for x in $Z8_X; do echo 8/$x/$y; done; done; }
  for c in $COLLECTIONS; do
    for t in $(tiles); do
      u=$(ma_tile "$c" "$t")
      first=$(curl -s -o /dev/null -w '%{http_code} %{size_download} %{time_total}' --max-time 60 "$u")
      ts=(); for _ in $(seq 1 "$NEXT"); do ts+=("$(curl -s -o /dev/null -w '%{time_total}' --max-time 60 "$u")"); done
      gz=$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: gzip' --max-time 60 "$u")
      zs=$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: zstd' --max-time 60 "$u")
      python3 - "$c" "$t" $first "$gz" "$zs" "${ts[@]}" <<'PY' | tee -a "$RES/zooms.tsv"
import statistics, sys
c, t, code, size, first, gz, zs, *ts = sys.argv[1:]
print(f"{c}\t{t}\t{code}\t{size}\t{gz}\t{zs}\t{float(first)*1000:.1f}\t{statistics.median(map(float, ts))*1000:.1f}")
PY
    done
  done
  python3 - "$RES/zooms.tsv" <<'PY' | tee "$RES/zooms-summary.txt"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
over = [r for r in rows if int(r["bytes"]) > 300 * 1024 or float(r["first ms"]) > 100 or float(r["median next ms"]) > 100 or r["status"] != "200"]
print(f"{len(rows)} tiles; over 300 KB or 100 ms or not 200: {len(over)}")
for r in over:
    print("  " + " ".join(f"{k}={v}" for k, v in r.items()))
for c in dict.fromkeys(r["collection"] for r in rows):
    for z in ("5", "8"):
        rs = [r for r in rows if r["collection"] == c and r["tile z/x/y"].startswith(z + "/")]
        if rs:
            print(f"  {c} z{z}: max {max(int(r['bytes']) for r in rs)} B (gzip {max(int(r['gzip bytes']) for r in rs)}),"
                  f" first max {max(float(r['first ms']) for r in rs):.1f} ms, median-next max {max(float(r['median next ms']) for r in rs):.1f} ms")
PY
fi
log "results in $RES"
