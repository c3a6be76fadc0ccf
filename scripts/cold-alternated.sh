#!/usr/bin/env bash
# cold-alternated.sh times one request, cold, on several Maillage binaries
# taken in turn on the same PostGIS database. "Cold" is the first request
# after a data change, as in analysis-timings.sh: a no-op UPDATE bumps the
# data version, and the request carries the change's log position
# (Maillage-Read-After), so the server reads the new version at once. This
# VM's speed drifts by a fifth within minutes, so builds are compared turn
# about within one run, never from separate runs: each round starts every
# binary in turn, waits until it is ready, sends it N cold requests and
# stops it.
#
#   DB=postgres://user@127.0.0.1:5432/db scripts/cold-alternated.sh ROUNDS BIN...
#
# TARGET is the request (default: the partnerships of a Lyon view, 10 000
# a page), N the cold requests per server and round (5), PORT where each
# server listens (18080). Each round prints one line per binary; the end,
# per binary, the count, minimum, median, mean and maximum in seconds. A
# server's first request after its start (new connections, cold catalogue
# caches) is left out unless KEEP_FIRST=1.
set -euo pipefail
DB=${DB:?set DB to the database URL}
ROUNDS=${1:?usage: cold-alternated.sh ROUNDS BIN...}
shift
[ $# -gt 0 ] || { echo "usage: cold-alternated.sh ROUNDS BIN..." >&2; exit 2; }
TARGET=${TARGET:-/ogc/collections/partnerships/items?bbox=4.75,45.70,4.95,45.82&limit=10000}
N=${N:-5}
PORT=${PORT:-18080}
MA=http://127.0.0.1:$PORT
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for _ in $(seq "$ROUNDS"); do
	for i in $(seq $#); do
		bin=${!i}
		"$bin" serve --addr "127.0.0.1:$PORT" --database-url "$DB" >"$OUT/serve.log" 2>&1 &
		pid=$!
		for _ in $(seq 600); do
			curl -sf -o /dev/null "$MA/readyz" && break
			kill -0 "$pid" 2>/dev/null || { cat "$OUT/serve.log" >&2; exit 1; }
			sleep 0.1
		done
		times=()
		for r in $(seq "$N"); do
			lsn=$(psql "$DB" -qAt -c "UPDATE dataset_info SET scale_factor = scale_factor" -c "SELECT pg_current_wal_insert_lsn()")
			t=$(curl -s -o /dev/null -w '%{time_total}' --max-time 120 -H "Maillage-Read-After: $lsn" "$MA$TARGET")
			times+=("$t")
			if [ "$r" -gt 1 ] || [ "${KEEP_FIRST:-}" = 1 ]; then echo "$t" >>"$OUT/$i"; fi
		done
		echo "$(basename "$bin") ${times[*]}"
		kill "$pid"
		wait "$pid" 2>/dev/null || true
	done
done
for i in $(seq $#); do
	bin=${!i}
	sort -n "$OUT/$i" | awk -v name="$(basename "$bin")" '{v[NR] = $1; s += $1}
		END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%s: %d requests, min %.3f, median %.3f, mean %.3f, max %.3f s\n", name, NR, v[1], m, s / NR, v[NR]}'
done
