/** Extension points found through {@link java.util.ServiceLoader}: version and conflict strategies, department layouts and task stores. */
@NullMarked
package io.shotsync.api.spi;

import org.jspecify.annotations.NullMarked;
