/** Internal to shotsync-jdbc: not a supported API, may change in any release. */
@NullMarked
package io.shotsync.jdbc.internal;

import org.jspecify.annotations.NullMarked;
