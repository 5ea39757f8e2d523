/** A {@link io.shotsync.api.spi.TaskStore} over JDBC: {@link io.shotsync.jdbc.JdbcTaskStore} and its dialects. */
@NullMarked
package io.shotsync.jdbc;

import org.jspecify.annotations.NullMarked;
