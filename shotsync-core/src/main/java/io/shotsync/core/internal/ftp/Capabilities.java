package io.shotsync.core.internal.ftp;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
    Set<String> hashAlgorithms, List<String> raw) {

  /** Copies the collections. */
  public Capabilities {
    hashAlgorithms = Set.copyOf(hashAlgorithms);
    raw = List.copyOf(raw);
  }

  /** The abilities the FEAT lines name ({@code mlsd} as given, for a server whose FEAT leaves MLST out). */
  static Capabilities fromFeat(List<String> raw, boolean mlsdProbed) {
    boolean mlsd = mlsdProbed;
    boolean mdtm = false;
    boolean mfmt = false;
    boolean size = false;
    boolean rest = false;
    boolean utf8 = false;
    Set<String> hashes = new HashSet<>();
    for (String line : raw) {
      String[] parts = line.split("\\s+", 2);
      String name = parts[0].toUpperCase(Locale.ROOT);
      String arg = parts.length > 1 ? parts[1] : "";
      switch (name) {
        case "MLST", "MLSD" -> mlsd = true;
        case "MDTM" -> mdtm = true;
        case "MFMT" -> mfmt = true;
        case "SIZE" -> size = true;
        case "REST" -> rest = arg.toUpperCase(Locale.ROOT).contains("STREAM");
        case "UTF8" -> utf8 = true;
        case "XMD5" -> hashes.add("MD5");
        case "XCRC" -> hashes.add("CRC32");
        case "HASH" -> {
          for (String algo : arg.split(";")) {
            if (!algo.isBlank()) {
              hashes.add(algo.replace("*", "").strip().toUpperCase(Locale.ROOT));
            }
          }
        }
        default -> { }
      }
    }
    return new Capabilities(mlsd, mdtm, mfmt, size, rest, utf8, hashes, raw);
  }

  /** A server that said nothing in FEAT. */
  public static Capabilities none() {
    return new Capabilities(false, false, false, false, false, false, Set.of(), List.of());
  }
}
