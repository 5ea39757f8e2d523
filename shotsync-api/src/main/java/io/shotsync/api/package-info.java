/** Value types and the task/item model of shotsync: shots, versions, endpoints, tasks, items and files. */
@NullMarked
package io.shotsync.api;

import org.jspecify.annotations.NullMarked;
