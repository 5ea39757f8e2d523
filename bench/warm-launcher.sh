#!/usr/bin/env bash
# bench/warm-launcher.sh LAUNCHER: runs the launcher once and waits (up to a minute) for the class-data sharing
# archive it may be making in the background (a launcher whose archive does not fit, such as a copied build, makes one
# on its first run), so what is measured next runs as people run it from the second run on.
set -euo pipefail
launcher=$1
"$launcher" --version >/dev/null
dir=$(dirname "$(readlink -f "$launcher")")
for _ in $(seq 1 300); do
  compgen -G "$dir/*.jsa.making" >/dev/null || compgen -G "$dir/../lib/*.jsa.making" >/dev/null \
    || compgen -G "${XDG_CACHE_HOME:-$HOME/.cache}/shotsync/*.jsa.making" >/dev/null || break
  sleep 0.2
done
