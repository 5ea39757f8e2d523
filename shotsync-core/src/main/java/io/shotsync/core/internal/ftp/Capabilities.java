package io.shotsync.core.internal.ftp;

import java.util.Set;

/**
 * Optional server abilities read once from FEAT (and probed where FEAT is silent).
 *
 * @param mlsd MLSD/MLST listings
 * @param mdtm MDTM for exact mtimes
 * @param mfmt MFMT
 * @param size SIZE
 * @param restStream REST STREAM (resume)
 * @param utf8 UTF8 path names
 * @param hashAlgorithms HASH algorithms, XMD5 as {@code MD5}, XCRC as {@code CRC32}
 * @param raw the FEAT lines as the server sent them
 */
public record Capabilities(boolean mlsd, boolean mdtm, boolean mfmt, boolean size, boolean restStream, boolean utf8,
    Set<String> hashAlgorithms, java.util.List<String> raw) {

  /** Copies the collections. */
  public Capabilities {
    hashAlgorithms = Set.copyOf(hashAlgorithms);
    raw = java.util.List.copyOf(raw);
  }

  /** A server that said nothing in FEAT. */
  public static Capabilities none() {
    return new Capabilities(false, false, false, false, false, false, Set.of(), java.util.List.of());
  }
}
