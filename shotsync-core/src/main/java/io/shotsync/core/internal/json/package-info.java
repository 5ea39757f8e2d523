/** Internal to shotsync-core: not a supported API, may change in any release. */
@NullMarked
package io.shotsync.core.internal.json;

import org.jspecify.annotations.NullMarked;
