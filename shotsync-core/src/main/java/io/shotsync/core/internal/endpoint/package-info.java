/**
 * What the facade and the engine share about each endpoint: its configuration, its connection pool, its cached
 * structure, and where and how its tasks write. Internal to shotsync-core: not a supported API, may change in any
 * release.
 */
@NullMarked
package io.shotsync.core.internal.endpoint;

import org.jspecify.annotations.NullMarked;
