package io.pushgateway.cluster.store.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushgateway.cluster.format.SeriesKey;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.model.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The series owners' hash table finds, adds and removes owners as a map of series to owner lists
 * would, through growth and shrinking, with series held by several groups.
 */
class SeriesOwnersTest {
    @Test
    void behavesLikeAMapOfSeriesToOwners() {
        Random random = new Random(11);
        SeriesOwners table = new SeriesOwners();
        Map<SeriesKey, List<GroupKey>> model = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            // Many series at first, few later: the table grows, then empties and shrinks.
            int seriesCount = step < 100_000 ? 5_000 : 50;
            SeriesKey series = SeriesKey.of(Labels.of("instance", "i" + random.nextInt(seriesCount)));
            GroupKey owner = GroupKey.of("job", "j" + random.nextInt(3));
            List<GroupKey> owners = model.computeIfAbsent(series, s -> new ArrayList<>());
            if (random.nextInt(3) > 0 && step < 100_000) {
                owners.add(owner);
                table.add(series, owner);
            } else if (owners.remove(owner)) {
                table.remove(series, owner);
            }
            if (owners.isEmpty()) {
                model.remove(series);
            }
            if (step % 997 == 0) {
                for (int i = 0; i < seriesCount; i++) {
                    SeriesKey key = SeriesKey.of(Labels.of("instance", "i" + i));
                    assertEquals(model.get(key), ownersOf(table.get(key)), key.toString());
                }
            }
        }
        for (Map.Entry<SeriesKey, List<GroupKey>> e : model.entrySet()) {
            for (GroupKey owner : e.getValue()) {
                table.remove(e.getKey(), owner);
            }
        }
        assertTrue(table.isEmpty());
        assertNull(table.get(SeriesKey.of(Labels.of("instance", "i1"))));
    }

    private static List<GroupKey> ownersOf(Object owners) {
        if (owners == null) {
            return null;
        }
        List<GroupKey> list = new ArrayList<>();
        if (owners instanceof List<?> several) {
            several.forEach(o -> list.add((GroupKey) o));
        } else {
            list.add((GroupKey) owners);
        }
        return list;
    }
}
