package io.shotsync.server.internal;

import org.jspecify.annotations.Nullable;

/**
 * An answer other than success, with its HTTP status, a stable error code, a message a person can act on and, where
 * one input was wrong, the field that was.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;
  private final @Nullable String field;

  /** An error answer. */
  public ApiException(int status, String error, String message, @Nullable String field) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
    this.field = field;
  }

  /** 400 for one wrong input field. */
  public static ApiException badField(String field, String message) {
    return new ApiException(400, "invalid_input", message, field);
  }

  /** 400 for a body that is wrong as a whole. */
  public static ApiException badRequest(String error, String message) {
    return new ApiException(400, error, message, null);
  }

  /** 404 for an unknown task or endpoint. */
  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message, null);
  }

  /** 409 for a state that does not allow the request. */
  public static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message, null);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The stable error code, such as {@code unknown_strategy}. */
  public String error() {
    return error;
  }

  /** The input field that was wrong, or null. */
  public @Nullable String field() {
    return field;
  }
}
