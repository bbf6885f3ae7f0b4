package io.pushgateway.cluster.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InflightBytesTest {

    @Test
    void leasesShareTheNodeLimitAndGiveBackWhatTheyHeld() {
        InflightBytes inflight = new InflightBytes(100);
        InflightBytes.Lease first = inflight.lease();
        InflightBytes.Lease second = inflight.lease();
        assertTrue(first.grow(60));
        assertFalse(second.grow(41), "beyond the limit");
        assertEquals(60, inflight.used(), "a refused growth takes nothing");
        assertTrue(second.grow(40));
        assertEquals(100, inflight.used());

        first.close();
        assertEquals(40, inflight.used());
        first.close();
        assertEquals(40, inflight.used(), "closing twice gives back once");
        assertFalse(first.grow(1), "a closed lease takes nothing more");
        second.close();
        assertEquals(0, inflight.used());
    }

    @Test
    void growingToATotalTakesOnlyTheDifference() {
        InflightBytes inflight = new InflightBytes(100);
        InflightBytes.Lease lease = inflight.lease();
        assertTrue(lease.growTo(30));
        assertTrue(lease.growTo(20), "less than held: nothing to take");
        assertTrue(lease.growTo(90));
        assertEquals(90, inflight.used());
        assertFalse(lease.growTo(101));
        assertEquals(90, inflight.used());
        assertTrue(lease.refusal().contains("--push.max-inflight-bytes"), lease.refusal());
    }
}
