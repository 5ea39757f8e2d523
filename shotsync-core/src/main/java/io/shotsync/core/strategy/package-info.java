/** The built-in version and conflict strategies, public so callers can pass or wrap them explicitly. */
@NullMarked
package io.shotsync.core.strategy;

import org.jspecify.annotations.NullMarked;
