package io.pushgateway.cluster.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pushgateway.cluster.model.CodePointOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A group's compact family map answers as the TreeMap it is made from, and cannot be changed. */
class SortedArrayMapTest {
    /** A value that knows its name, as a family does. */
    private record Named(String name, int value) {}

    private static final Function<Named, String> NAME = Named::name;

    /** Names whose UTF-16 order differs from their code point order (beyond the BMP vs U+FFFF). */
    private static final List<String> NAMES = List.of("a", "b_total", "b", "\uffff", "\ud83d\ude00", "z", "", "m.x");

    @Test
    void answersAsTheTreeMapItIsMadeFrom() {
        TreeMap<String, Named> tree = new TreeMap<>(CodePointOrder.INSTANCE);
        for (int i = 0; i < NAMES.size(); i++) {
            tree.put(NAMES.get(i), new Named(NAMES.get(i), i));
        }
        SortedMap<String, Named> compact = SortedArrayMap.copyOf(tree, NAME);
        assertEquals(tree, compact);
        assertEquals(new ArrayList<>(tree.keySet()), new ArrayList<>(compact.keySet()));
        assertEquals(new ArrayList<>(tree.values()), new ArrayList<>(compact.values()));
        assertEquals(tree.firstKey(), compact.firstKey());
        assertEquals(tree.lastKey(), compact.lastKey());
        for (String name : List.of("a", "b", "c", "\uffff", "zz", "")) {
            assertEquals(tree.get(name), compact.get(name), name);
            assertEquals(
                    new ArrayList<>(tree.headMap(name).keySet()),
                    new ArrayList<>(compact.headMap(name).keySet()));
            assertEquals(
                    new ArrayList<>(tree.tailMap(name).keySet()),
                    new ArrayList<>(compact.tailMap(name).keySet()));
        }
        assertEquals(tree.subMap("b", "z"), compact.subMap("b", "z"));
        assertEquals(tree.hashCode(), compact.hashCode());
        // From a map in another order (natural UTF-16 order), the copy is still in code point order.
        assertEquals(
                new ArrayList<>(tree.keySet()),
                new ArrayList<>(SortedArrayMap.copyOf(new TreeMap<>(tree), NAME).keySet()));
        assertThrows(UnsupportedOperationException.class, () -> compact.put("n", new Named("n", 1)));
        assertThrows(UnsupportedOperationException.class, () -> compact.remove("a"));
        assertEquals(
                0, SortedArrayMap.copyOf(new TreeMap<String, Named>(), NAME).size());
        // A key that is not its value's own name cannot be held.
        TreeMap<String, Named> misnamed = new TreeMap<>(Map.of("a", new Named("b", 1)));
        assertThrows(IllegalArgumentException.class, () -> SortedArrayMap.copyOf(misnamed, NAME));
    }
}
