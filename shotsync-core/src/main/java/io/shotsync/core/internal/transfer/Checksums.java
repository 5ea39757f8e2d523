package io.shotsync.core.internal.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/** Computes a local file's checksum in the {@code ALGO:hex} form a server's HASH, XMD5 or XCRC answer is read into. */
public final class Checksums {
  private Checksums() {}

  /** True when this algorithm (as a server names it) can be computed locally. */
  public static boolean supported(String algorithm) {
    return digestName(algorithm) != null || isCrc(algorithm);
  }

  /**
   * The checksum of the file as {@code ALGO:hex}, lower-case hex, or null when the algorithm is unknown.
   *
   * @throws IOException when the file cannot be read
   */
  public static @Nullable String of(Path file, String algorithm) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return of(ch, algorithm);
    }
  }

  /**
   * The checksum of what an open channel holds from its current position, as {@code ALGO:hex}, or null when the
   * algorithm is unknown.
   *
   * @throws IOException when the file cannot be read
   */
  public static @Nullable String of(FileChannel ch, String algorithm) throws IOException {
    String algo = algorithm.toUpperCase(Locale.ROOT);
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    if (isCrc(algo)) {
      CRC32 crc = new CRC32();
      while (ch.read(buf) >= 0) {
        buf.flip();
        crc.update(buf);
        buf.clear();
      }
      return algo + ":" + String.format("%08x", crc.getValue());
    }
    String name = digestName(algo);
    if (name == null) {
      return null;
    }
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      return null;
    }
    while (ch.read(buf) >= 0) {
      buf.flip();
      md.update(buf);
      buf.clear();
    }
    return algo + ":" + HexFormat.of().formatHex(md.digest());
  }

  /** True when two {@code ALGO:hex} values are the same checksum (case and leading zeros of CRCs aside). */
  public static boolean same(String a, String b) {
    int ca = a.indexOf(':');
    int cb = b.indexOf(':');
    if (ca < 0 || cb < 0 || !a.substring(0, ca).equalsIgnoreCase(b.substring(0, cb))) {
      return false;
    }
    String ha = a.substring(ca + 1).trim().toLowerCase(Locale.ROOT).replaceFirst("^0+(?=.)", "");
    String hb = b.substring(cb + 1).trim().toLowerCase(Locale.ROOT).replaceFirst("^0+(?=.)", "");
    return ha.equals(hb);
  }

  /** The algorithm part of an {@code ALGO:hex} value. */
  public static String algorithmOf(String value) {
    int c = value.indexOf(':');
    return c < 0 ? value : value.substring(0, c);
  }

  private static boolean isCrc(String algo) {
    return algo.equalsIgnoreCase("CRC32") || algo.equalsIgnoreCase("CRC");
  }

  private static @Nullable String digestName(String algo) {
    return switch (algo.toUpperCase(Locale.ROOT)) {
      case "MD5" -> "MD5";
      case "SHA-1", "SHA1" -> "SHA-1";
      case "SHA-256", "SHA256" -> "SHA-256";
      case "SHA-512", "SHA512" -> "SHA-512";
      default -> null;
    };
  }
}
