package io.pushgateway.cluster.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class GroupKeyTest {
    @Test
    void emptyInstanceIsADifferentGroup() {
        assertNotEquals(GroupKey.of("job", "a"), GroupKey.of("job", "a", "instance", ""));
        assertNotEquals(
                GroupKey.of("job", "a").id(),
                GroupKey.of("job", "a", "instance", "").id());
    }

    @Test
    void idRoundTripsWhateverTheValuesHold() {
        GroupKey key = GroupKey.of("job", "a:1:b", "instance", "", "path", "3:x\u0000y");
        assertEquals(key, GroupKey.fromId(key.id()));
    }

    @Test
    void seriesLabelsAddAnEmptyInstanceOnlyWhenTheKeyHasNone() {
        assertEquals(
                Labels.of("instance", "", "job", "a"), GroupKey.of("job", "a").seriesLabels());
        assertEquals(
                Labels.of("instance", "i", "job", "a"),
                GroupKey.of("job", "a", "instance", "i").seriesLabels());
    }
}
