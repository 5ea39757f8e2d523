/** The shotsync entry point ({@link io.shotsync.core.ShotSync}), its options, the strategy registry and scan results. */
@NullMarked
package io.shotsync.core;

import org.jspecify.annotations.NullMarked;
