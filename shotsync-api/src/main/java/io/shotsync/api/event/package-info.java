/** Listener interface, event records and log records that describe a running scan or task. */
@NullMarked
package io.shotsync.api.event;

import org.jspecify.annotations.NullMarked;
