#!/usr/bin/env bash
# A disposable PostgreSQL server for tests, on a free loopback port.
#   scripts/throwaway-postgres.sh start DIR   -> prints the connection string on its last line
#   scripts/throwaway-postgres.sh stop DIR    -> stops the server and deletes DIR
# Installs the Debian server package when the binaries are missing. As root, the server runs as
# the 'postgres' user (initdb refuses root). fsync stays on: the durability tests rely on it.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?directory}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  if [ "$cmd" = stop ]; then rm -rf "$dir"; exit 0; fi
  echo "installing postgresql (Debian package) ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  # Waits up to 5 minutes for another apt run's package lock instead of failing at once.
  apt=(apt-get -o DPkg::Lock::Timeout=300 -y -q)
  if ! { "${apt[@]}" install postgresql >&2 || { "${apt[@]}" update >&2 && "${apt[@]}" install postgresql >&2; }; }; then
    echo "throwaway-postgres.sh: could not install Debian's postgresql (package lock held for 5 minutes, or no package source)." >&2
    exit 1
  fi
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=500" start >&2 \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" > "$dir/port"
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
