package io.pushgateway.cluster.persistence;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.StoredFamily;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The bytes of a snapshot file. Layout (big-endian):
 * <pre>
 *   magic "PGCSNAP\n" | format version (int) | taken at, Unix ns (long) | group count (int)
 *   per group:  key id (int length + UTF-8) | last push ns | last failure ns | version | ttl ms |
 *               expires at ns (longs) | family count (int)
 *     per family: push time ns (long) | MetricFamily protobuf (int length + bytes)
 *   CRC32C of everything before it (int)
 * </pre>
 * The checksum is verified before anything is decoded, so a torn or altered file is refused whole,
 * never half loaded. Families are stored as the exposition format's own protobuf messages, the
 * same bytes the cluster map holds.
 */
public final class SnapshotFormat {
    static final byte[] MAGIC = "PGCSNAP\n".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    private static final int CHECKSUM_BYTES = 4;

    private SnapshotFormat() {}

    /** Writes the snapshot, checksum included, to {@code out}; does not close it. */
    public static void write(Snapshot snapshot, OutputStream out) throws IOException {
        CRC32C crc = new CRC32C();
        DataOutputStream data = new DataOutputStream(new CheckedOutputStream(out, crc));
        data.write(MAGIC);
        data.writeInt(VERSION);
        data.writeLong(snapshot.takenAtNanos());
        data.writeInt(snapshot.groups().size());
        for (Group group : snapshot.groups()) {
            writeBytes(data, group.key().id().getBytes(StandardCharsets.UTF_8));
            data.writeLong(group.lastPushNanos());
            data.writeLong(group.lastFailureNanos());
            data.writeLong(group.version());
            data.writeLong(group.ttlMillis());
            data.writeLong(group.expiresAtNanos());
            SortedMap<String, StoredFamily> families = group.families();
            data.writeInt(families.size());
            for (StoredFamily family : families.values()) {
                data.writeLong(family.pushTimeNanos());
                writeBytes(data, family.encoded());
            }
        }
        data.flush();
        // Not through the checked stream: the checksum covers what precedes it.
        new DataOutputStream(out).writeInt((int) crc.getValue());
        out.flush();
    }

    /** Decodes a whole snapshot file; throws if it is not an intact snapshot of a known version. */
    public static Snapshot read(byte[] file) throws CorruptSnapshotException {
        if (file.length < MAGIC.length + 4 || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CorruptSnapshotException("not a snapshot file (no magic header)");
        }
        ByteBuffer in = ByteBuffer.wrap(file);
        in.position(MAGIC.length);
        int version = in.getInt();
        if (version != VERSION) {
            throw new CorruptSnapshotException(
                    "snapshot format version " + version + " is not supported (only " + VERSION + ")");
        }
        if (file.length < MAGIC.length + 4 + CHECKSUM_BYTES) {
            throw new CorruptSnapshotException("truncated snapshot (" + file.length + " bytes)");
        }
        int body = file.length - CHECKSUM_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(file, 0, body);
        int expected = ByteBuffer.wrap(file, body, CHECKSUM_BYTES).getInt();
        if ((int) crc.getValue() != expected) {
            throw new CorruptSnapshotException("snapshot checksum mismatch: truncated or damaged file");
        }
        try {
            Snapshot snapshot = decodeBody(in.limit(body));
            if (in.hasRemaining()) {
                throw new CorruptSnapshotException("snapshot has " + in.remaining() + " bytes after its last group");
            }
            return snapshot;
        } catch (RuntimeException | IOException e) {
            throw new CorruptSnapshotException("snapshot cannot be decoded: " + e, e);
        }
    }

    private static Snapshot decodeBody(ByteBuffer in) throws IOException {
        long takenAt = in.getLong();
        int count = count(in);
        List<Group> groups = new ArrayList<>(Math.min(count, 1 << 16));
        for (int i = 0; i < count; i++) {
            GroupKey key = GroupKey.fromId(new String(readBytes(in), StandardCharsets.UTF_8));
            long lastPush = in.getLong();
            long lastFailure = in.getLong();
            long version = in.getLong();
            long ttlMillis = in.getLong();
            long expiresAt = in.getLong();
            int familyCount = count(in);
            SortedMap<String, StoredFamily> families = Group.newFamilyMap();
            for (int f = 0; f < familyCount; f++) {
                long pushTime = in.getLong();
                byte[] encoded = readBytes(in);
                Metrics.MetricFamily family = Metrics.MetricFamily.parseFrom(encoded);
                families.put(family.getName(), StoredFamily.fromEncoded(family.getName(), encoded, pushTime));
            }
            groups.add(Group.fromSnapshot(key, families, lastPush, lastFailure, version, ttlMillis, expiresAt));
        }
        return new Snapshot(takenAt, groups);
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** A length that fits in what is left, so a bad one cannot make us allocate without bound. */
    private static byte[] readBytes(ByteBuffer in) {
        int length = count(in);
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static int count(ByteBuffer in) {
        int value = in.getInt();
        if (value < 0 || value > in.remaining()) {
            throw new IllegalArgumentException(
                    "implausible length " + value + " with " + in.remaining() + " bytes left");
        }
        return value;
    }
}
