package io.pushgateway.cluster.persistence;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot file of one node. A write goes to a temporary file in the same directory, is
 * flushed to disk, and then atomically renamed over the old file: a reader, or a node that crashed
 * mid-write, sees the old snapshot or the new one, never a mix.
 */
public final class SnapshotFile {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotFile.class);
    private static final String TEMP_SUFFIX = ".in_progress";

    private final Path path;

    public SnapshotFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    public Path path() {
        return path;
    }

    /** Writes the snapshot and replaces the file with it; returns the file's size in bytes. */
    public long write(Snapshot snapshot) throws IOException {
        Path dir = path.getParent();
        Files.createDirectories(dir);
        // createTempFile makes the file readable by its owner only, as upstream's snapshot is.
        Path temp = Files.createTempFile(dir, path.getFileName() + ".", TEMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                SnapshotFormat.write(snapshot, out);
                channel.force(true);
            }
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        syncDirectory(dir);
        return Files.size(path);
    }

    /**
     * Reads the snapshot; empty if there is no file. Throws if the file exists but is not an intact
     * snapshot.
     */
    public Optional<Snapshot> read() throws IOException, CorruptSnapshotException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(SnapshotFormat.read(bytes));
    }

    /** Removes temporary files a crash in the middle of a write left behind. */
    public void removeLeftovers() {
        Path dir = path.getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, path.getFileName() + ".*" + TEMP_SUFFIX)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
                LOG.info("removed the unfinished snapshot {}", leftover);
            }
        } catch (IOException e) {
            LOG.warn("could not remove unfinished snapshots in {}: {}", dir, e.toString());
        }
    }

    /** Makes the rename itself durable: without it a power cut may bring the old file back. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory; the rename is still atomic there.
            LOG.debug("could not sync directory {}: {}", dir, e.toString());
        }
    }
}
