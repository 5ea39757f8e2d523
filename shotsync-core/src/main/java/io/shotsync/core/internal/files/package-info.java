/** Internal to shotsync-core: not a supported API, may change in any release. */
@NullMarked
package io.shotsync.core.internal.files;

import org.jspecify.annotations.NullMarked;
