package io.shotsync.api.event;

/**
 * Progress of a scan of an endpoint.
 *
 * @param endpointId the endpoint
 * @param directoriesListed directories listed so far
 * @param entriesSeen entries seen so far
 * @param directoriesPending directories waiting to be listed
 * @param done true in the last report of a scan
 */
public record ScanProgress(String endpointId, int directoriesListed, long entriesSeen, int directoriesPending,
    boolean done) {}
