package io.shotsync.api.spi;

import io.shotsync.api.RemoteEntry;
import java.time.Instant;

/**
 * One existing local file and its remote counterpart.
 *
 * @param path the path relative to the local root (and the endpoint root)
 * @param remote the remote file: size, mtime and mtime precision
 * @param localSize the local file's size
 * @param localModified the local file's mtime
 */
public record ConflictContext(String path, RemoteEntry remote, long localSize, Instant localModified) {}
