#!/usr/bin/env bash
# flood.sh floods a running Maillage with one heavy request from many
# clients (wrk, loopback only, bounded in time) while it times small
# requests and samples the server's resident memory, then says how the
# flood went: answers and refusals, small-request latency during the flood
# against the same requests idle, and memory before, at peak and after.
#
#   PID=$(pgrep -f 'maillage serve') MA=http://127.0.0.1:8080 scripts/flood.sh
#
# HEAVY is the flooded path (default: every commune's gap ranking), CONNS the
# clients (64), DURATION the flood's length (25s), SMALL the small request,
# ENCODING the Accept-Encoding of the flood (none by default; gzip as
# browsers and GDAL send it), PAUSE the seconds between two small requests
# (0.2; on this VM an idle pause of 0.2 s alone makes a 1.5 ms request take
# 5-7 ms, the vCPUs waking up, so compare idle and flood at one PAUSE, and
# PAUSE=0 shows the server's own latency).
set -euo pipefail
MA=${MA:-http://127.0.0.1:8080}
PID=${PID:?set PID to the server process id}
HEAVY=${HEAVY:-/api/gaps?level=commune}
SMALL=${SMALL:-/ogc/collections/actors/items?limit=10}
PAUSE=${PAUSE:-0.2}
CONNS=${CONNS:-64}
DURATION=${DURATION:-25s}
rss() { awk '/VmRSS/{print int($2/1024)}' "/proc/$PID/status"; }
small() { # median and max of n small requests, in ms
	for _ in $(seq "$1"); do curl -s -o /dev/null -w '%{time_total}\n' "$MA$SMALL"; sleep "$PAUSE"; done |
		sort -n | awk '{a[NR]=$1*1000} END {printf "median %.1f ms, max %.1f ms (%d requests)\n", a[int((NR+1)/2)], a[NR], NR}'
}
# Idle first: right after a heavy answer, its garbage and the memory trim
# (admission.go) slow the small requests down.
echo "idle: rss $(rss) MB; small requests: $(small 10)"
curl -s ${ENCODING:+-H "Accept-Encoding: $ENCODING"} -o /dev/null "$MA$HEAVY" # the first answer computes what the others reuse
peak=0
(while sleep 0.5; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r && echo "$peak" >/tmp/flood.peak; done) &
sampler=$!
wrk -t2 -c"$CONNS" ${ENCODING:+-H "Accept-Encoding: $ENCODING"} -d"$DURATION" --timeout 30s "$MA$HEAVY" >/tmp/flood.wrk 2>&1 &
flood=$!
sleep 2
during=$(small 40)
wait "$flood"
kill "$sampler" 2>/dev/null || true
echo "flood of $CONNS clients on $HEAVY for $DURATION:"
grep -E 'requests in|Non-2xx|Socket errors|Latency' /tmp/flood.wrk | sed 's/^/  /'
echo "during the flood: small requests: $during; peak rss $(cat /tmp/flood.peak 2>/dev/null || rss) MB"
sleep 5
echo "5 s after: rss $(rss) MB; small requests: $(small 10)"
