#!/usr/bin/env bash
# bench/ratios.sh RESULTS.tsv... — per results file (= one harness run): the median wall time of each shotsync tool
# and phase, as a ratio of rclone-t4 and lftp-p4 in that same file. Beside the main line (tool "shotsync", the
# default store) it prints the targets; beside the main line and the PostgreSQL pass, their ratio over the memory
# store pass's of the same profile and phase (the issue's "default store <= 1.1 x, PostgreSQL <= 1.3 x the memory
# store's").
set -euo pipefail
awk -F'\t' '
  FNR == 1 { f = FILENAME; sub(/.*\//, "", f); files[++nf] = f; next }
  {
    k = f SUBSEP $2 SUBSEP $4; n[k]++; w[k, n[k]] = $6
    prof[f] = $3; tools[f, $2] = 1; phases[f, $4] = 1; names[$2] = 1; ph[$4] = 1
  }
  function median(k,   i, j, t, c, a) {
    c = n[k]; for (i = 1; i <= c; i++) a[i] = w[k, i]
    for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
  }
  function label(t) {
    if (t == "shotsync") return "shotsync (default H2 store)"
    if (t == "shotsync-memory") return "shotsync (memory store, extra)"
    if (t == "shotsync-pg") return "shotsync (PostgreSQL store, extra)"
    if (t == "shotsync-skip") return "shotsync (default store, skip resync, extra)"
    return t
  }
  function target(p, phase) {
    if (p == "small-files" && phase == "full") return 0.9
    if (p == "small-files" && phase == "resync") return 1.5
    if (p == "large-files" && phase == "full") return 1.0
    return 0
  }
  END {
    # the ratio of the memory store pass, per profile and phase, for the other stores
    for (i = 1; i <= nf; i++) for (p in ph) {
      f = files[i]; k = f SUBSEP "shotsync-memory" SUBSEP p; r = f SUBSEP "rclone-t4" SUBSEP p
      if ((k in n) && (r in n)) mem[prof[f], p] = median(k) / median(r)
    }
    for (i = 1; i <= nf; i++) {
      f = files[i]
      printf "%s (%s)\n", f, prof[f]
      for (t in names) if (t ~ /^shotsync/ && ((f, t) in tools)) for (p = 1; p <= 2; p++) {
        phase = p == 1 ? "full" : "resync"; k = f SUBSEP t SUBSEP phase
        if (!(k in n)) continue
        m = median(k)
        line = sprintf("  %-44s %-6s median %7.3fs", label(t), phase, m)
        r = f SUBSEP "rclone-t4" SUBSEP phase
        if (r in n) {
          x = m / median(r)
          line = line sprintf("  x rclone-t4 %.2f (%.3fs)", x, median(r))
          if (t == "shotsync" && target(prof[f], phase) > 0)
            line = line sprintf("  target <= %.1f: %s", target(prof[f], phase), x <= target(prof[f], phase) ? "met" : "missed")
        }
        l = f SUBSEP "lftp-p4" SUBSEP phase
        if (l in n) line = line sprintf("  x lftp-p4 %.2f (%.3fs)", m / median(l), median(l))
        if ((r in n) && (t == "shotsync" || t == "shotsync-pg") && ((prof[f], phase) in mem))
          line = line sprintf("  = %.2f x the memory store pass", m / median(r) / mem[prof[f], phase])
        print line
      }
    }
    print "(resync: the same command again into the complete directory, a no-op, from a cold process;"
    print " shotsync resyncs with --conflict-strategy compare unless named skip)"
  }' "$@"
