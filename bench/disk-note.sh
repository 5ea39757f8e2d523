#!/usr/bin/env bash
# bench/disk-note.sh DIR: says on stderr when DIR lies on an ext4 file system without a journal. Without one, ext4
# skips inodes freed in the last minutes one by one on every file it creates, so a download of thousands of small
# files right after another tool's copy was deleted (the harness deletes each tool's copy after its run) spends
# seconds of system time there, more with each deletion, whatever the tool. Such small-files times are noise;
# compare ratios of one run, or measure into tmpfs as well. Silent elsewhere.
set -euo pipefail
dir=$1
mkdir -p -- "$dir"
fstype=$(df --output=fstype -- "$dir" 2>/dev/null | tail -n 1 | tr -d ' ')
[[ $fstype == ext4 ]] || exit 0
source=$(df --output=source -- "$dir" 2>/dev/null | tail -n 1 | tr -d ' ')
dev=$(basename -- "$(readlink -f -- "$source")")
if ! compgen -G "/proc/fs/jbd2/$dev-*" >/dev/null; then
  echo "bench: note: $dir is on ext4 without a journal ($source): small-file downloads after a deletion pay for" \
    "ext4 skipping recently freed inodes (seconds of system time, growing with each deletion); see README, Benchmark" >&2
fi
