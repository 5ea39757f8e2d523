/** A plugin jar's version strategy, {@code approved}: only the versions a sidecar file approves. */
@NullMarked
package io.shotsync.examples.plugin;

import org.jspecify.annotations.NullMarked;
