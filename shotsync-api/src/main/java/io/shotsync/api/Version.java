package io.shotsync.api;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A published version such as {@code v001}: compares by number (v9 &lt; v10 &lt; v011), keeps its spelling.
 *
 * <p>Two versions with the same number are equal whatever their padding; {@link #text()} returns the
 * spelling that was parsed, which is what remote and local paths use.
 */
public final class Version implements Comparable<Version> {
  private static final Pattern FORMAT = Pattern.compile("[vV](\\d{1,9})");

  private final int number;
  private final String text;

  private Version(int number, String text) {
    this.number = number;
    this.text = text;
  }

  /**
   * Parses {@code v001}, {@code v12}, {@code V0010}.
   *
   * @throws InvalidInputException for anything else, with the input in the message
   */
  public static Version parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw new InvalidInputException(
          "malformed version '" + printable(text) + "': expected 'v' followed by 1 to 9 digits, like v001");
    }
    return new Version(Integer.parseInt(m.group(1)), text);
  }

  /** Parses like {@link #parse}, but answers null instead of throwing. */
  public static @Nullable Version tryParse(@Nullable String text) {
    if (text == null) {
      return null;
    }
    Matcher m = FORMAT.matcher(text);
    return m.matches() ? new Version(Integer.parseInt(m.group(1)), text) : null;
  }

  /** The version with this number, spelled with three digits ({@code of(5)} is {@code v005}). */
  public static Version of(int number) {
    if (number < 0) {
      throw new InvalidInputException("version number must not be negative: " + number);
    }
    return new Version(number, String.format("v%03d", number));
  }

  /** The version number. */
  public int number() {
    return number;
  }

  /** The spelling this version was parsed from, as remote paths use it. */
  public String text() {
    return text;
  }

  @Override
  public int compareTo(Version other) {
    return Integer.compare(number, other.number);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Version v && v.number == number;
  }

  @Override
  public int hashCode() {
    return Integer.hashCode(number);
  }

  @Override
  public String toString() {
    return text;
  }

  /** Text for an error message: control characters escaped, cut after 80 characters. */
  public static String printableText(String s) {
    return printable(s);
  }

  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(80).forEach(c -> {
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return s.length() > 80 ? b + "..." : b.toString();
  }
}
