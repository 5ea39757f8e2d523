/** Internals of the shotsync server: the route table, handlers, security filter and JSON mapping; not a supported API. */
@NullMarked
package io.shotsync.server.internal;

import org.jspecify.annotations.NullMarked;
