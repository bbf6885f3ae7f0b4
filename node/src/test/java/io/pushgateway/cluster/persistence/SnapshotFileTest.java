package io.pushgateway.cluster.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.StoredFamily;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEveryFieldOfEveryGroup() throws Exception {
        Group withTtl = group(
                GroupKey.of("job", "batch", "instance", "a/b"),
                1_700_000_000_123_456_789L,
                17,
                3_600_000,
                1_700_003_600_123_456_789L,
                family("batch_done", Metrics.MetricType.GAUGE, 1.5),
                family("batch_runs_total", Metrics.MetricType.COUNTER, 42));
        Group failed = Group.fromSnapshot(
                GroupKey.of("job", "ünïcode", "empty", ""),
                families(family("x", Metrics.MetricType.UNTYPED, -0.0)),
                1_700_000_000_000_000_000L,
                1_700_000_001_000_000_000L,
                1_700_000_001_000_000L,
                0,
                0);
        Snapshot written = new Snapshot(1_700_000_002_000_000_000L, List.of(withTtl, failed));
        SnapshotFile file = new SnapshotFile(dir.resolve("groups.snapshot"));
        long size = file.write(written);

        assertEquals(Files.size(file.path()), size);
        Snapshot read = file.read().orElseThrow();
        assertEquals(written.takenAtNanos(), read.takenAtNanos());
        assertEquals(2, read.groups().size());
        for (int i = 0; i < 2; i++) {
            Group expected = written.groups().get(i);
            Group actual = read.groups().get(i);
            assertEquals(expected.key(), actual.key());
            assertEquals(expected.lastPushNanos(), actual.lastPushNanos());
            assertEquals(expected.lastFailureNanos(), actual.lastFailureNanos());
            assertEquals(expected.version(), actual.version());
            assertEquals(expected.ttlMillis(), actual.ttlMillis());
            assertEquals(expected.expiresAtNanos(), actual.expiresAtNanos());
            assertEquals(expected.lastPushSuccessful(), actual.lastPushSuccessful());
            assertEquals(expected.families(), actual.families());
        }
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())),
                "readable by the owner only, as upstream's file");
    }

    @Test
    void missingFileIsAnEmptyStart() throws Exception {
        assertEquals(Optional.empty(), new SnapshotFile(dir.resolve("none")).read());
    }

    @Test
    void everyTruncationIsDetected() throws Exception {
        byte[] intact = validBytes();
        for (int length = 0; length < intact.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(intact, length);
            assertThrows(CorruptSnapshotException.class, () -> SnapshotFormat.read(truncated), "cut at " + length);
        }
    }

    @Test
    void everyFlippedByteIsDetected() throws Exception {
        byte[] intact = validBytes();
        for (int i = 0; i < intact.length; i++) {
            byte[] damaged = intact.clone();
            damaged[i] ^= 0x20;
            assertThrows(CorruptSnapshotException.class, () -> SnapshotFormat.read(damaged), "byte " + i);
        }
    }

    @Test
    void foreignFilesAndUnknownVersionsAreRefusedWithTheReason() throws Exception {
        CorruptSnapshotException foreign =
                assertThrows(CorruptSnapshotException.class, () -> SnapshotFormat.read("some_metric 1\n".getBytes()));
        assertTrue(foreign.getMessage().contains("magic"), foreign.getMessage());
        byte[] future = validBytes();
        ByteBuffer.wrap(future).putInt(SnapshotFormat.MAGIC.length, SnapshotFormat.VERSION + 1);
        CorruptSnapshotException version =
                assertThrows(CorruptSnapshotException.class, () -> SnapshotFormat.read(future));
        assertTrue(version.getMessage().contains("version 2"), version.getMessage());
    }

    @Test
    void readersNeverSeeAHalfWrittenFile() throws Exception {
        SnapshotFile file = new SnapshotFile(dir.resolve("groups.snapshot"));
        file.write(snapshotOf(1));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> readFailure = new AtomicReference<>();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (writing.get() || reads.get() == 0) {
                try {
                    int groups = file.read().orElseThrow().groups().size();
                    assertTrue(groups >= 1 && groups <= 200);
                    reads.incrementAndGet();
                } catch (Throwable e) {
                    readFailure.set(e);
                    return;
                }
            }
        });
        reader.start();
        for (int round = 2; round <= 200; round++) {
            file.write(snapshotOf(round));
        }
        writing.set(false);
        reader.join();
        assertEquals(null, readFailure.get(), "a reader saw a torn file");
        assertEquals(200, file.read().orElseThrow().groups().size());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file.path()), files.toList(), "no temporary files left behind");
        }
    }

    @Test
    void leftoversOfAnInterruptedWriteAreRemovedAndTheOldFileKept() throws Exception {
        SnapshotFile file = new SnapshotFile(dir.resolve("groups.snapshot"));
        file.write(snapshotOf(3));
        Path leftover = dir.resolve("groups.snapshot.123456.in_progress");
        Files.write(leftover, java.util.Arrays.copyOf(validBytes(), 10));
        Path unrelated = dir.resolve("other.in_progress");
        Files.writeString(unrelated, "x");

        file.removeLeftovers();

        assertTrue(Files.notExists(leftover));
        assertTrue(Files.exists(unrelated), "only this file's leftovers are removed");
        assertEquals(3, file.read().orElseThrow().groups().size());
    }

    @Test
    void aWriteThatFailsHalfwayLeavesTheOldSnapshotAndNoTemporaryFile() throws Exception {
        SnapshotFile file = new SnapshotFile(dir.resolve("groups.snapshot"));
        file.write(snapshotOf(2));
        byte[] before = Files.readAllBytes(file.path());
        SortedMap<String, StoredFamily> unwritable = Group.newFamilyMap();
        unwritable.put("broken", StoredFamily.fromEncoded("broken", null, 1));
        List<Group> groups = new ArrayList<>(snapshotOf(50).groups());
        groups.add(Group.fromSnapshot(GroupKey.of("job", "broken"), unwritable, 1, 0, 1, 0, 0));

        assertThrows(NullPointerException.class, () -> file.write(new Snapshot(1, groups)));

        assertArrayEquals(before, Files.readAllBytes(file.path()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file.path()), files.toList());
        }
    }

    private static byte[] validBytes() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        SnapshotFormat.write(snapshotOf(2), out);
        return out.toByteArray();
    }

    static Snapshot snapshotOf(int groups) {
        List<Group> list = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            list.add(group(
                    GroupKey.of("job", "j" + i),
                    1_700_000_000_000_000_000L + i,
                    100 + i,
                    0,
                    0,
                    family("m", Metrics.MetricType.GAUGE, i)));
        }
        return new Snapshot(1_700_000_000_000_000_000L + groups, list);
    }

    static Group group(
            GroupKey key,
            long pushNanos,
            long version,
            long ttlMillis,
            long expiresAtNanos,
            Metrics.MetricFamily... families) {
        return Group.fromSnapshot(key, families(families), pushNanos, 0, version, ttlMillis, expiresAtNanos);
    }

    private static SortedMap<String, StoredFamily> families(Metrics.MetricFamily... families) {
        SortedMap<String, StoredFamily> map = Group.newFamilyMap();
        long pushTime = 1_700_000_000_000_000_000L;
        for (Metrics.MetricFamily family : families) {
            map.put(family.getName(), new StoredFamily(family, pushTime++));
        }
        return map;
    }

    static Metrics.MetricFamily family(String name, Metrics.MetricType type, double value) {
        Metrics.Metric.Builder metric = Metrics.Metric.newBuilder()
                .addLabel(Metrics.LabelPair.newBuilder().setName("instance").setValue(""));
        switch (type) {
            case COUNTER -> metric.setCounter(Metrics.Counter.newBuilder().setValue(value));
            case GAUGE -> metric.setGauge(Metrics.Gauge.newBuilder().setValue(value));
            default -> metric.setUntyped(Metrics.Untyped.newBuilder().setValue(value));
        }
        return Metrics.MetricFamily.newBuilder()
                .setName(name)
                .setType(type)
                .setHelp("help of " + name)
                .addMetric(metric)
                .build();
    }
}
