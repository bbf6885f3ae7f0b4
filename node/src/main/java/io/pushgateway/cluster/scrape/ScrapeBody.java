package io.pushgateway.cluster.scrape;

import java.util.List;

/**
 * A scrape's body as the byte arrays to send one after the other, most of them shared with the
 * cache: the sender must not change them, and need not copy them.
 *
 * @param gzip whether the parts form one gzip member rather than the body itself
 */
public record ScrapeBody(List<byte[]> parts, boolean gzip) {
    /** A body rendered whole (not from the cache), compressed here if asked. */
    public static ScrapeBody of(byte[] body, boolean gzip) {
        if (!gzip) {
            return new ScrapeBody(List.of(body), false);
        }
        GzipMember member = new GzipMember();
        member.addFresh(body);
        return new ScrapeBody(member.finish(), true);
    }

    public long length() {
        long length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        return length;
    }
}
