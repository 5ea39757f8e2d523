/** Internal helpers of the shotsync command; not a supported API, may change in any release. */
@NullMarked
package io.shotsync.cli.internal;

import org.jspecify.annotations.NullMarked;
