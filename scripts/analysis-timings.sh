#!/usr/bin/env bash
# analysis-timings.sh times the analysis endpoints of a running Maillage on
# PostGIS, cold and warm: "cold" is the first request after a data change
# (the data version is bumped by a no-op UPDATE, as any write would bump
# it), "warm" the median of the next three. BUMP is that UPDATE: by default
# one of dataset_info, which like a write of actors or partnerships leaves
# the indicator values kept (they follow the indicators' own version);
# BUMP=indicators touches an indicator value instead, so that every cache
# misses.
#
#   MA=http://127.0.0.1:8080 DB=postgres://user@127.0.0.1:5432/db scripts/analysis-timings.sh
#
# Requests go to MA only (loopback in our benchmarks); the endpoints timed
# are read from standard input as "label path" lines, or are the defaults
# below.
set -euo pipefail
MA=${MA:-http://127.0.0.1:8080}
DB=${DB:?set DB to the database URL of the server}
defaults() {
	cat <<'EOT'
stats-france /api/stats
stats-region-84 /api/stats?level=region&territory=84
stats-departement-69 /api/stats?level=departement&territory=69
portrait-departement-69 /api/territories/69/portrait?level=departement
portrait-commune-69123 /api/territories/69123/portrait?level=commune
gaps-commune-all /api/gaps?level=commune&view=classes
gaps-commune-insertion /api/gaps?level=commune&domain=insertion_emploi&view=classes
flows-departement /api/flows?level=departement
actor-clusters-france-z5 /api/actor-clusters?zoom=5&bbox=-5.5,41,10,51.5
partnerships-lyon-view /ogc/collections/partnerships/items?bbox=4.75,45.70,4.95,45.82&limit=10000
gaps-commune-collection /ogc/collections/gaps-commune/items?limit=100
EOT
}
if [ -t 0 ]; then endpoints=$(defaults); else endpoints=$(cat); fi
[ -n "$endpoints" ] || endpoints=$(defaults)
printf 'endpoint\tcold s\twarm s (median of 3)\tbytes\tstatus\n'
while read -r label path; do
	[ -z "$label" ] && continue
	if [ "${BUMP:-}" = indicators ]; then
		bump="UPDATE indicator_values SET value = value WHERE ctid = (SELECT min(ctid) FROM indicator_values)"
	else
		bump="UPDATE dataset_info SET scale_factor = scale_factor"
	fi
	# The cold request carries the bump's log position, as a writer's
	# client does, so the server reads the new version rather than wait
	# for the database's notification of it.
	lsn=$(psql "$DB" -qAt -c "$bump" -c "SELECT pg_current_wal_insert_lsn()")
	read -r code size cold <<<"$(curl -s -o /dev/null -w '%{http_code} %{size_download} %{time_total}' --max-time 120 \
		-H "Maillage-Read-After: $lsn" "$MA$path")"
	warm=$(for _ in 1 2 3; do curl -s -o /dev/null -w '%{time_total}\n' --max-time 120 "$MA$path"; done | sort -n | sed -n 2p)
	printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$cold" "$warm" "$size" "$code"
done <<<"$endpoints"
