package io.shotsync.core;

/** How one shot x department on local disk stands against the server. */
public enum ComparisonStatus {
  /** Nothing local yet. */
  NEW,
  /** The server has a newer version than the newest local one. */
  OUTDATED,
  /** The newest local version is the server's latest. */
  UP_TO_DATE,
  /** Local disk has a version newer than any on the server. */
  LOCAL_NEWER,
  /** The server has no version of it. */
  NO_VERSIONS
}
