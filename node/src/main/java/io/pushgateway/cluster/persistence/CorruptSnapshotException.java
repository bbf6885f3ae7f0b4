package io.pushgateway.cluster.persistence;

/** A snapshot file that is not one, is of an unknown format version, or fails its checksum. */
public final class CorruptSnapshotException extends Exception {
    public CorruptSnapshotException(String message) {
        super(message);
    }

    public CorruptSnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
