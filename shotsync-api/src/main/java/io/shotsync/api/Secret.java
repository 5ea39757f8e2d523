package io.shotsync.api;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A password that never prints itself: {@code toString()} is {@code ******}, and stores never persist it. */
public final class Secret {
  private final char[] value;

  private Secret(char[] value) {
    this.value = value.clone();
  }

  /** Wraps a password. */
  public static Secret of(String value) {
    return new Secret(Objects.requireNonNull(value, "value").toCharArray());
  }

  /** Wraps a password given as characters (copied). */
  public static Secret of(char[] value) {
    return new Secret(value);
  }

  /** The password, for the one place that sends it to the server. */
  public String reveal() {
    return new String(value);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Secret s && Arrays.equals(s.value, value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "******";
  }
}
