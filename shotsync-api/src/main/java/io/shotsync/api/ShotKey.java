package io.shotsync.api;

import java.util.Objects;

/** A shot by episode, sequence and shot name, written {@code ep01/sq010/sh0010}. */
public record ShotKey(String episode, String sequence, String shot) implements Comparable<ShotKey> {

  /** Checks that every part is a plain, non-empty path segment. */
  public ShotKey {
    check("episode", episode);
    check("sequence", sequence);
    check("shot", shot);
  }

  /**
   * Parses {@code ep01/sq010/sh0010}.
   *
   * @throws InvalidInputException when the text does not have three plain parts
   */
  public static ShotKey parse(String text) {
    Objects.requireNonNull(text, "text");
    String[] parts = text.split("/", -1);
    if (parts.length != 3) {
      throw new InvalidInputException(
          "malformed shot '" + Version.printable(text) + "': expected episode/sequence/shot, like ep01/sq010/sh0010");
    }
    return new ShotKey(parts[0], parts[1], parts[2]);
  }

  /** The shot as a relative path, {@code ep01/sq010/sh0010}. */
  public String path() {
    return episode + "/" + sequence + "/" + shot;
  }

  @Override
  public int compareTo(ShotKey o) {
    return path().compareTo(o.path());
  }

  @Override
  public String toString() {
    return path();
  }

  private static void check(String what, String value) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty() || value.equals(".") || value.equals("..") || value.contains("/")
        || value.contains("\\") || value.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidInputException("malformed " + what + " name '" + Version.printable(value) + "'");
    }
  }
}
