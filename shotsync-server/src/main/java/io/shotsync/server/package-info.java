/** The shotsync REST API over HTTP: {@link io.shotsync.server.ShotSyncServer}, embeddable and behind a token. */
@NullMarked
package io.shotsync.server;

import org.jspecify.annotations.NullMarked;
