package io.shotsync.core.internal.endpoint;

import io.shotsync.api.SyncOptions;
import io.shotsync.core.internal.plan.Destination;

/**
 * How one task runs in this process.
 *
 * @param destination its local root and layout
 * @param options its options, lowered by this process's caps where they are lower
 * @param remoteRoot its endpoint's remote root
 * @param summary one line for the task log: root, bandwidth, connections, retries, and any cap applied
 */
public record RunSetup(Destination destination, SyncOptions options, String remoteRoot, String summary) {}
