package io.shotsync.server.internal;

import io.shotsync.api.InvalidInputException;
import io.shotsync.api.LocalStorageException;
import io.shotsync.api.NotFoundException;
import io.shotsync.api.RemoteException;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.UnknownStrategyException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever a handler threw into the JSON error answer: the API's own errors as they are, shotsync's by kind,
 * anything else as a 500 with an id the server log also has. No answer carries a stack trace.
 */
public final class ErrorReplies {
  private static final Logger LOG = LoggerFactory.getLogger("io.shotsync.server");

  private ErrorReplies() {}

  /** The answer for an exception thrown while serving {@code method path}. */
  public static Reply of(Throwable t, String method, String path) {
    if (t instanceof ApiException e) {
      return Reply.of(e.status(), ApiJson.error(e.error(), e.getMessage(), e.field(), null));
    }
    if (t instanceof UnknownStrategyException e) {
      return Reply.of(400, ApiJson.error("unknown_strategy", e.getMessage(), null, null));
    }
    if (t instanceof NotFoundException e) {
      return Reply.of(404, ApiJson.error("not_found", e.getMessage(), null, null));
    }
    if (t instanceof InvalidInputException e) {
      return Reply.of(400, ApiJson.error("invalid_input", e.getMessage(), null, null));
    }
    if (t instanceof RemoteException e) {
      // the FTP server failed or refused: not this server's fault, and the message names what happened
      String id = id();
      LOG.warn("{} {} failed at the FTP server [{}]: {}", method, path, id, e.getMessage());
      return Reply.of(502, ApiJson.error("remote_error", e.getMessage(), null, id));
    }
    String id = id();
    if (t instanceof LocalStorageException e) {
      LOG.error("{} {} failed on local storage [{}]: {}", method, path, id, e.getMessage());
      return Reply.of(500, ApiJson.error("local_storage_error", e.getMessage(), null, id));
    }
    if (t instanceof ShotSyncException e) {
      LOG.error("{} {} failed [{}]", method, path, id, e);
      return Reply.of(500, ApiJson.error("internal_error", e.getMessage(), null, id));
    }
    LOG.error("{} {} failed unexpectedly [{}]", method, path, id, t);
    return Reply.of(500, ApiJson.error("internal_error", "unexpected server error; the server log has it under id "
        + id, null, id));
  }

  private static String id() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
