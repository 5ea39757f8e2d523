/** Internal: the queue and sender thread that notifiers share. Not a supported API. */
@NullMarked
package io.shotsync.core.internal.notify;

import org.jspecify.annotations.NullMarked;
