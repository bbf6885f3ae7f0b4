package io.pushgateway.cluster.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pushgateway.cluster.model.CodePointOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A group's compact family map answers as the TreeMap it is made from, and cannot be changed. */
class SortedArrayMapTest {
    /** Names whose UTF-16 order differs from their code point order (beyond the BMP vs U+FFFF). */
    private static final List<String> NAMES = List.of("a", "b_total", "b", "\uffff", "\ud83d\ude00", "z", "", "m.x");

    @Test
    void answersAsTheTreeMapItIsMadeFrom() {
        TreeMap<String, Integer> tree = new TreeMap<>(CodePointOrder.INSTANCE);
        for (int i = 0; i < NAMES.size(); i++) {
            tree.put(NAMES.get(i), i);
        }
        SortedMap<String, Integer> compact = SortedArrayMap.copyOf(tree);
        assertEquals(tree, compact);
        assertEquals(new ArrayList<>(tree.keySet()), new ArrayList<>(compact.keySet()));
        assertEquals(new ArrayList<>(tree.values()), new ArrayList<>(compact.values()));
        assertEquals(tree.firstKey(), compact.firstKey());
        assertEquals(tree.lastKey(), compact.lastKey());
        for (String name : List.of("a", "b", "c", "\uffff", "zz", "")) {
            assertEquals(tree.get(name), compact.get(name), name);
            assertEquals(new ArrayList<>(tree.headMap(name).keySet()), new ArrayList<>(compact.headMap(name).keySet()));
            assertEquals(new ArrayList<>(tree.tailMap(name).keySet()), new ArrayList<>(compact.tailMap(name).keySet()));
        }
        assertEquals(tree.subMap("b", "z"), compact.subMap("b", "z"));
        assertEquals(tree.hashCode(), compact.hashCode());
        // From a map in another order (natural UTF-16 order), the copy is still in code point order.
        assertEquals(new ArrayList<>(tree.keySet()), new ArrayList<>(SortedArrayMap.copyOf(new TreeMap<>(tree)).keySet()));
        assertThrows(UnsupportedOperationException.class, () -> compact.put("n", 1));
        assertThrows(UnsupportedOperationException.class, () -> compact.remove("a"));
        assertEquals(0, SortedArrayMap.copyOf(new TreeMap<String, Integer>()).size());
    }
}
