package io.shotsync.api;

/** A task, item or endpoint id that the store does not hold. */
public class NotFoundException extends ShotSyncException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception naming what was not found. */
  public NotFoundException(String message) {
    super(message);
  }
}
