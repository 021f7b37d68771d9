#!/usr/bin/env bash
# pg-cluster.sh — a private PostgreSQL cluster for kinlog, from the system's binaries.
#
#   pg-cluster.sh init   DATA_DIR PORT            create the cluster if it does not exist
#   pg-cluster.sh start  DATA_DIR PORT [NAME=VALUE ...]
#                                                 init if needed, then start unless running
#   pg-cluster.sh stop   DATA_DIR PORT            fast shutdown, waits until stopped
#   pg-cluster.sh status DATA_DIR PORT            exit 0 if running, 3 if not
#
# kinlog's `locate()` runs this very file (embedded in the binary), so this is the one
# place where a private cluster is created and started. Operators may run it by hand.
#
# The cluster listens on no TCP address: its Unix socket lives in DATA_DIR, which only
# the cluster's user (and root) can enter, so local trust auth admits nobody else and no
# password has to be stored anywhere. PORT only names the socket (.s.PGSQL.PORT), so two
# private clusters in different directories never collide. Connect with
#   psql -h DATA_DIR -p PORT -U kinlog -d kinlog
#
# When run as root the cluster runs as an unprivileged user, because postgres refuses to
# run as root: the owner of an existing DATA_DIR, else $KINLOG_PG_USER (default `kinlog`),
# a system user created on first use.
#
# start, stop and status print `key=value` lines on stdout (socket_dir, port, user) for
# programs; everything meant for people goes to stderr.
#
# Environment:
#   KINLOG_PG_BINDIR   use only the binaries in this directory
#   KINLOG_PG_USER     the user the cluster runs as when started by root (default kinlog)
#
# Exit codes: 0 ok, 2 usage, 3 not running (status), 69 no PostgreSQL binaries,
# 77 a user or permission problem, 1 anything else.
set -euo pipefail

readonly EX_USAGE=2 EX_NOT_RUNNING=3 EX_UNAVAILABLE=69 EX_NOPERM=77
readonly SUPERUSER=kinlog
# sun_path holds 108 bytes including the terminating NUL.
readonly MAX_SOCKET_PATH=107

die() {
    local code=$1
    shift
    printf 'pg-cluster: %s\n' "$*" >&2
    exit "$code"
}

usage() {
    die "$EX_USAGE" "usage: pg-cluster.sh init|start|stop|status DATA_DIR PORT [NAME=VALUE ...]"
}

# The directory holding initdb, pg_ctl and postgres: an explicit KINLOG_PG_BINDIR, else
# PATH, else `pg_config --bindir`, else the newest /usr/lib/postgresql/*/bin (Debian and
# Ubuntu install there without touching PATH).
find_bindir() {
    local dir
    if [[ -n ${KINLOG_PG_BINDIR:-} ]]; then
        has_server_binaries "$KINLOG_PG_BINDIR" && { echo "$KINLOG_PG_BINDIR"; return; }
        no_binaries "KINLOG_PG_BINDIR=$KINLOG_PG_BINDIR has no initdb, pg_ctl and postgres"
    fi
    if dir=$(command -v initdb 2>/dev/null) && dir=$(dirname "$(readlink -f "$dir")") \
        && has_server_binaries "$dir"; then
        echo "$dir"
        return
    fi
    if dir=$(pg_config --bindir 2>/dev/null) && has_server_binaries "$dir"; then
        echo "$dir"
        return
    fi
    dir=$(printf '%s\n' /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [[ -n $dir ]] && has_server_binaries "$dir"; then
        echo "$dir"
        return
    fi
    no_binaries "looked on PATH, in \`pg_config --bindir\` and in /usr/lib/postgresql/*/bin"
}

has_server_binaries() {
    [[ -x $1/initdb && -x $1/pg_ctl && -x $1/postgres ]]
}

no_binaries() {
    die "$EX_UNAVAILABLE" "no PostgreSQL server binaries found ($1). Install PostgreSQL 14 or" \
        "newer: \`apt-get install postgresql\` (Debian, Ubuntu), \`dnf install" \
        "postgresql-server\` (Fedora, RHEL), \`apk add postgresql\` (Alpine), \`brew install" \
        "postgresql\` (macOS); or point DATABASE_URL at a running server."
}

# Sets RUN_USER: who owns and runs the cluster.
choose_user() {
    if [[ $EUID -ne 0 ]]; then
        RUN_USER=$(id -un)
        return
    fi
    if [[ -f $DATA_DIR/PG_VERSION ]]; then
        RUN_USER=$(stat -c %U "$DATA_DIR")
        [[ $RUN_USER != root ]] ||
            die "$EX_NOPERM" "$DATA_DIR belongs to root; postgres cannot run as root." \
                "Give it to an unprivileged user: chown -R kinlog $DATA_DIR"
        return
    fi
    RUN_USER=${KINLOG_PG_USER:-kinlog}
    [[ $RUN_USER != root ]] || die "$EX_NOPERM" "KINLOG_PG_USER must not be root"
    id -u "$RUN_USER" >/dev/null 2>&1 || create_system_user "$RUN_USER"
}

create_system_user() {
    local nologin
    nologin=$(command -v nologin || echo /bin/false)
    echo "pg-cluster: creating system user $1 to run PostgreSQL" >&2
    # A concurrent start in another directory may create the same user first.
    if command -v useradd >/dev/null; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell "$nologin" "$1" 2>/dev/null || true
    elif command -v adduser >/dev/null; then
        adduser -S -D -H -h /nonexistent -s "$nologin" "$1" 2>/dev/null || true
    fi
    id -u "$1" >/dev/null 2>&1 ||
        die "$EX_NOPERM" "could not create the system user $1 (no useradd or adduser?);" \
            "create it, or set KINLOG_PG_USER to an existing unprivileged user"
}

# Runs a command as RUN_USER, from / so that an unreadable working directory (root's
# home) does not trouble initdb or pg_ctl. The lock descriptor is closed for the command:
# a postmaster that inherited it would hold the lock for as long as it runs.
as_user() {
    if [[ $EUID -ne 0 ]]; then
        (cd / && "$@") 9>&-
    elif command -v runuser >/dev/null; then
        (cd / && runuser -u "$RUN_USER" -- "$@") 9>&-
    else
        (cd / && su -s /bin/sh "$RUN_USER" -c "$(printf '%q ' "$@")") 9>&-
    fi
}

# Serializes init and start across processes (parallel test binaries, two CLIs).
take_lock() {
    command -v flock >/dev/null ||
        die 1 "flock(1) is missing: install util-linux (Linux) or flock (Homebrew)"
    mkdir -p -- "$(dirname "$DATA_DIR")"
    exec 9>>"$DATA_DIR.lock"
    flock -w 300 9 || die 1 "timed out waiting for the lock $DATA_DIR.lock"
}

init_cluster() {
    [[ -f $DATA_DIR/PG_VERSION ]] && return
    if [[ -d $DATA_DIR ]] && [[ -n $(ls -A "$DATA_DIR") ]]; then
        die 1 "$DATA_DIR is not empty and holds no PostgreSQL cluster; refusing to touch it"
    fi
    mkdir -p -- "$DATA_DIR"
    chmod 700 "$DATA_DIR"
    [[ $EUID -ne 0 ]] || chown "$RUN_USER:" "$DATA_DIR"
    as_user test -w "$DATA_DIR" ||
        die "$EX_NOPERM" "user $RUN_USER cannot reach $DATA_DIR: every parent directory" \
            "must be searchable by it (a home directory like /root is not); choose another" \
            "directory with KINLOG_DATA_DIR"
    echo "pg-cluster: initializing a new cluster in $DATA_DIR as user $RUN_USER" >&2
    # Checksums make silent corruption of the record of truth detectable.
    as_user "$BINDIR/initdb" --pgdata="$DATA_DIR" --username="$SUPERUSER" \
        --encoding=UTF8 --locale=C --data-checksums \
        --auth-local=trust --auth-host=scram-sha-256 >"$DATA_DIR.initdb.log" 2>&1 || {
        cat "$DATA_DIR.initdb.log" >&2
        die 1 "initdb failed for $DATA_DIR"
    }
    printf "\n# Durable defaults and the socket, written at each start by pg-cluster.sh.\n%s\n" \
        "include_if_exists = 'kinlog.conf'" | write_as_user ">>" postgresql.conf
}

# Writes (">") or appends (">>") standard input to a file in DATA_DIR, as RUN_USER so
# that the file belongs to the cluster.
write_as_user() {
    local mode=$1 file=$DATA_DIR/$2
    # shellcheck disable=SC2016 # "$1" is the inner shell's.
    as_user sh -c "cat $mode"' "$1"' sh "$file"
}

conf_quote() {
    printf "'%s'" "${1//\'/\'\'}"
}

# kinlog.conf is rewritten at each start, so the socket follows the directory if it moves
# and per-start settings do not outlive the start they were given to. ALTER SYSTEM still
# overrides it, as postgresql.auto.conf is read last.
write_start_conf() {
    local setting name value conf
    conf="# Written by pg-cluster.sh at each start; edits here are lost.
listen_addresses = ''
port = $PORT
unix_socket_directories = $(conf_quote "$DATA_DIR")
unix_socket_permissions = 0700
fsync = on
synchronous_commit = on
full_page_writes = on
logging_collector = on
log_directory = 'log'
log_rotation_size = '10MB'
"
    for setting in "$@"; do
        [[ $setting =~ ^([a-z_][a-z0-9_.]*)=(.*)$ ]] ||
            die "$EX_USAGE" "setting '$setting' is not NAME=VALUE"
        name=${BASH_REMATCH[1]}
        value=${BASH_REMATCH[2]}
        conf+="$name = $(conf_quote "$value")"$'\n'
    done
    printf '%s' "$conf" | write_as_user ">" kinlog.conf
}

is_running() {
    [[ -f $DATA_DIR/PG_VERSION ]] && as_user "$BINDIR/pg_ctl" status --pgdata="$DATA_DIR" >/dev/null 2>&1
}

# postmaster.pid line 4 is the port and line 5 the socket directory of the running server.
report_running() {
    local port socket_dir
    port=$(sed -n 4p "$DATA_DIR/postmaster.pid")
    socket_dir=$(sed -n 5p "$DATA_DIR/postmaster.pid")
    printf 'socket_dir=%s\nport=%s\nuser=%s\n' "$socket_dir" "$port" "$SUPERUSER"
}

start_cluster() {
    init_cluster
    if is_running; then
        (($# == 0)) ||
            echo "pg-cluster: $DATA_DIR is already running; settings $* not applied" >&2
        report_running
        return
    fi
    write_start_conf "$@"
    echo "pg-cluster: starting $DATA_DIR (socket $DATA_DIR/.s.PGSQL.$PORT)" >&2
    as_user "$BINDIR/pg_ctl" start --pgdata="$DATA_DIR" --wait --timeout=120 \
        --log="$DATA_DIR/startup.log" >/dev/null || {
        tail -n 20 "$DATA_DIR/startup.log" >&2 || true
        local latest_log
        # shellcheck disable=SC2012 # postgres names its log files; none has odd characters.
        latest_log=$(ls -t "$DATA_DIR"/log/* 2>/dev/null | head -n 1)
        [[ -z $latest_log ]] || tail -n 20 "$latest_log" >&2
        die 1 "PostgreSQL did not start in $DATA_DIR"
    }
    report_running
}

stop_cluster() {
    if ! is_running; then
        echo "pg-cluster: $DATA_DIR is not running" >&2
        return
    fi
    as_user "$BINDIR/pg_ctl" stop --pgdata="$DATA_DIR" --mode=fast --wait --timeout=120 >/dev/null
}

main() {
    (($# >= 3)) || usage
    ACTION=$1
    DATA_DIR=$2
    PORT=$3
    shift 3
    if ! [[ $PORT =~ ^[0-9]+$ ]] || ((PORT < 1 || PORT > 65535)); then
        die "$EX_USAGE" "PORT '$PORT' is not a port number"
    fi
    [[ $DATA_DIR == /* ]] || DATA_DIR=$PWD/$DATA_DIR
    DATA_DIR=${DATA_DIR%/}
    local socket_path="$DATA_DIR/.s.PGSQL.$PORT"
    ((${#socket_path} <= MAX_SOCKET_PATH)) ||
        die "$EX_USAGE" "socket path $socket_path is longer than $MAX_SOCKET_PATH bytes; use a shorter DATA_DIR"

    case $ACTION in
    init | start) ;;
    stop | status) (($# == 0)) || usage ;;
    *) usage ;;
    esac
    BINDIR=$(find_bindir)
    if [[ ($ACTION == stop || $ACTION == status) && ! -f $DATA_DIR/PG_VERSION ]]; then
        echo "pg-cluster: $DATA_DIR holds no cluster" >&2
        [[ $ACTION == stop ]] || exit "$EX_NOT_RUNNING"
        return
    fi
    choose_user

    case $ACTION in
    init)
        take_lock
        init_cluster
        ;;
    start)
        take_lock
        start_cluster "$@"
        ;;
    stop)
        take_lock
        stop_cluster
        ;;
    status)
        if is_running; then
            report_running
        else
            echo "pg-cluster: $DATA_DIR is not running" >&2
            exit "$EX_NOT_RUNNING"
        fi
        ;;
    esac
}

main "$@"
