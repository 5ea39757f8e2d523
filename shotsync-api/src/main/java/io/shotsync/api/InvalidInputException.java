package io.shotsync.api;

/** Input that can never work: a malformed version, shot key, URL, layout or option. The message shows the input. */
public class InvalidInputException extends ShotSyncException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the bad input. */
  public InvalidInputException(String message) {
    super(message);
  }
}
