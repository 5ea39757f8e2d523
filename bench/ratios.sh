#!/usr/bin/env bash
# bench/ratios.sh RESULTS.tsv... — per results file (= one harness run): median wall time of each
# tool and phase, and each shotsync row as a ratio of rclone-t4 and lftp-p4 in that same file.
set -euo pipefail
for f in "$@"; do
  awk -F'\t' -v file="$(basename "$f")" '
    NR == 1 { next }
    { k = $2 SUBSEP $4; n[k]++; w[k, n[k]] = $6; tools[$2] = 1; phases[$4] = 1; prof = $3 }
    function median(k,   i, j, t, c) {
      c = n[k]; for (i = 1; i <= c; i++) a[i] = w[k, i]
      for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
    }
    END {
      printf "%s (%s)\n", file, prof
      for (t in tools) if (t ~ /^shotsync/) for (p in phases) {
        k = t SUBSEP p; if (!(k in n)) continue
        m = median(k); line = sprintf("  %-14s %-7s median %7.3fs", t, p, m)
        if (("rclone-t4" SUBSEP p) in n) line = line sprintf("  x rclone-t4 %.2f (%.3fs)", m / median("rclone-t4" SUBSEP p), median("rclone-t4" SUBSEP p))
        if (("lftp-p4" SUBSEP p) in n) line = line sprintf("  x lftp-p4 %.2f (%.3fs)", m / median("lftp-p4" SUBSEP p), median("lftp-p4" SUBSEP p))
        print line
      }
    }' "$f"
done
