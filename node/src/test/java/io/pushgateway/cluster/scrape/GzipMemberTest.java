package io.pushgateway.cluster.scrape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Segments compressed apart, joined into one gzip member, decode to the bytes joined. */
class GzipMemberTest {
    @Test
    void combinedCrcIsTheCrcOfTheConcatenation() {
        Random random = new Random(13);
        for (int round = 0; round < 200; round++) {
            byte[] a = new byte[random.nextInt(5000)];
            byte[] b = new byte[random.nextInt(round < 100 ? 70 : 300_000)];
            random.nextBytes(a);
            random.nextBytes(b);
            byte[] both = new byte[a.length + b.length];
            System.arraycopy(a, 0, both, 0, a.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            assertEquals(crc(both), Crc32Combine.combine(crc(a), crc(b), b.length), "round " + round);
        }
    }

    @Test
    void segmentsJoinedDecodeToTheirBytesJoined() throws Exception {
        Random random = new Random(7);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        GzipMember member = new GzipMember();
        List<byte[]> texts = new ArrayList<>();
        texts.add(new byte[0]);
        for (int i = 0; i < 40; i++) {
            StringBuilder text = new StringBuilder();
            for (int line = random.nextInt(2000); line > 0; line--) {
                text.append("metric_")
                        .append(i)
                        .append("{job=\"j")
                        .append(random.nextInt(100))
                        .append("\"} ")
                        .append(random.nextDouble())
                        .append('\n');
            }
            texts.add(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] noise = new byte[200_000];
        random.nextBytes(noise);
        texts.add(noise);
        for (int i = 0; i < texts.size(); i++) {
            byte[] text = texts.get(i);
            expected.writeBytes(text);
            // Cached segments with runs of fresh bytes between them, as a scrape with own families.
            if (i % 3 == 1) {
                member.addFresh(text);
            } else {
                member.add(DeflatedSegment.of(text));
            }
        }
        assertArrayEquals(expected.toByteArray(), gunzip(member.finish()));
    }

    @Test
    void noSegmentsIsAnEmptyBody() throws Exception {
        assertArrayEquals(new byte[0], gunzip(new GzipMember().finish()));
    }

    static byte[] gunzip(List<byte[]> parts) throws Exception {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        parts.forEach(gzip::writeBytes);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.toByteArray()))) {
            return in.readAllBytes();
        }
    }

    private static int crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
