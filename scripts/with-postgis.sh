#!/usr/bin/env bash
# with-postgis.sh runs a command beside a throwaway PostgreSQL + PostGIS
# cluster and exports MAILLAGE_TEST_DATABASE_URL for it:
#
#   scripts/with-postgis.sh go test ./...
#
# The cluster lives in a temporary directory, listens on 127.0.0.1 only (on a
# free port) and on a unix socket inside that directory, and is stopped and
# removed when the command ends, whether it passed, failed or was interrupted.
# It is tuned for speed, not safety (fsync off): never point it at data you
# want to keep.
#
# When PostGIS is not installed the script installs Debian's
# postgresql-15-postgis-3 with apt-get. If that fails, under CI=true the script
# fails; elsewhere it says why and runs the command without the variable, so
# the PostGIS tests skip with a message.
#
# Environment: MAILLAGE_PG_VERSION (default 15) picks the server version;
# MAILLAGE_PG_KEEP=1 leaves the cluster's directory behind for inspection.
set -euo pipefail

if [ "$#" -eq 0 ]; then
	echo "usage: $0 command [args...]" >&2
	exit 2
fi

pg_version="${MAILLAGE_PG_VERSION:-15}"
pg_package="postgresql-${pg_version}-postgis-3"
pg_bin="/usr/lib/postgresql/${pg_version}/bin"
ci="${CI:-false}"

log() { echo "with-postgis: $*" >&2; }

# have_postgis reports whether the server binaries and the postgis extension
# are both installed.
have_postgis() {
	[ -x "$pg_bin/postgres" ] && [ -x "$pg_bin/initdb" ] || return 1
	local share="/usr/share/postgresql/$pg_version"
	if [ -x "$pg_bin/pg_config" ]; then
		share="$("$pg_bin/pg_config" --sharedir 2>/dev/null)" || share="/usr/share/postgresql/$pg_version"
	fi
	[ -f "$share/extension/postgis.control" ]
}

# skip_or_fail REASON COMMAND... runs the command without a database, or
# fails under CI.
skip_or_fail() {
	local reason="$1"
	shift
	if [ "$ci" = "true" ]; then
		log "FATAL: $reason (CI=true: PostGIS tests must run)"
		exit 1
	fi
	log "$reason; running without MAILLAGE_TEST_DATABASE_URL (PostGIS tests will skip)"
	unset MAILLAGE_TEST_DATABASE_URL
	exec "$@"
}

if ! have_postgis; then
	if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
		skip_or_fail "PostGIS is missing and installing $pg_package needs root" "$@"
	fi
	sudo_cmd=()
	[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo -n)
	log "PostGIS is missing; installing $pg_package"
	if ! { "${sudo_cmd[@]}" apt-get update -q >&2 &&
		DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "$pg_package" >&2; }; then
		skip_or_fail "could not install $pg_package with apt-get" "$@"
	fi
	have_postgis || skip_or_fail "$pg_package installed but $pg_bin/postgres or postgis.control is still missing" "$@"
fi

# PostgreSQL refuses to run as root: as root, the cluster belongs to the
# postgres OS user (created by the Debian package); otherwise to the caller.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
	id postgres >/dev/null 2>&1 || skip_or_fail "no postgres OS user to own the cluster" "$@"
	as_owner=(runuser -u postgres --)
fi

# The cluster's directory must be reachable by its owner: as root, fall back
# to /tmp when $TMPDIR is private to root.
base="${TMPDIR:-/tmp}"
if [ "${#as_owner[@]}" -gt 0 ] && ! "${as_owner[@]}" test -x "$base"; then
	base=/tmp
fi
workdir="$(mktemp -d "$base/maillage-pg.XXXXXX")"
datadir="$workdir/data"
[ "${#as_owner[@]}" -gt 0 ] && chown postgres: "$workdir"
chmod 700 "$workdir"

cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	if [ -f "$datadir/postmaster.pid" ]; then
		"${as_owner[@]}" "$pg_bin/pg_ctl" -D "$datadir" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	if [ "${MAILLAGE_PG_KEEP:-}" = "1" ]; then
		log "cluster left in $workdir"
	else
		rm -rf "$workdir"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

"${as_owner[@]}" "$pg_bin/initdb" -D "$datadir" -U postgres --auth=trust \
	--encoding=UTF8 --locale=C.UTF-8 --no-sync >"$workdir/initdb.log" 2>&1 || {
	cat "$workdir/initdb.log" >&2
	log "initdb failed"
	exit 1
}

# Throwaway settings for a 2-core / 24 GiB machine: durability off (fsync,
# synchronous_commit, full_page_writes) because the cluster dies with the
# command; memory sized for bulk loads and index builds.
cat >>"$datadir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$workdir'
max_connections = 200
shared_buffers = 1GB
work_mem = 32MB
maintenance_work_mem = 512MB
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = 4GB
checkpoint_timeout = 30min
autovacuum = on
log_min_messages = warning
log_min_error_statement = panic
logging_collector = off
CONF

# free_port prints a TCP port nobody listens on in 127.0.0.1; the loop below
# retries with another port if a process takes it before the server does.
free_port() {
	local port
	for _ in $(seq 1 100); do
		port=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	return 1
}

port=""
for attempt in 1 2 3 4 5; do
	port="$(free_port)" || { log "no free port found"; exit 1; }
	if "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$datadir" -o "-p $port" -l "$workdir/server.log" -w -t 60 start >/dev/null 2>&1; then
		break
	fi
	log "server did not start on port $port (attempt $attempt)"
	port=""
done
if [ -z "$port" ]; then
	cat "$workdir/server.log" >&2 || true
	log "could not start PostgreSQL"
	exit 1
fi

"$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres maillage_test

export MAILLAGE_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:${port}/maillage_test?sslmode=disable"
log "PostgreSQL $pg_version + PostGIS on 127.0.0.1:$port ($workdir)"

# Run the command as a background child and wait for it: bash runs a trap
# only once a foreground child has ended, whereas `wait` returns as soon as a
# signal arrives, so a TERM sent to this script alone is passed on to the
# command and the EXIT trap still removes the cluster. Stdin is passed on
# explicitly (a background job would otherwise read /dev/null).
"$@" <&0 &
child=$!
interrupted=0
forward() {
	interrupted=1
	kill -s "$1" "$child" 2>/dev/null || true
}
trap 'forward INT' INT
trap 'forward TERM' TERM
trap 'forward HUP' HUP
set +e
while :; do
	interrupted=0
	wait "$child"
	rc=$?
	# A trapped signal makes wait return early (status >128) without
	# collecting the child: wait again for its real status.
	[ "$interrupted" -eq 1 ] || break
done
set -e
exit "$rc"
