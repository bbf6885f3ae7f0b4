package io.pushgateway.cluster.store.replica;

import io.pushgateway.cluster.format.SeriesKey;
import io.pushgateway.cluster.model.GroupKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The group holding each series of one family: an open-addressing hash table (linear probing, at
 * most three quarters full) of keys and owners in two parallel arrays. The index holds an entry
 * for every stored series, and a {@code HashMap} would add an entry object to each. An owner is a
 * GroupKey, or a list of them where several groups hold the same series (only data pushed
 * unchecked, or on both sides of a partition, can do that). Not thread-safe.
 */
final class SeriesOwners {
    private static final int MIN_CAPACITY = 4;

    private SeriesKey[] keys = new SeriesKey[MIN_CAPACITY];
    private Object[] owners = new Object[MIN_CAPACITY];
    private int size;

    /** The owners of the series: a GroupKey, a list of them, or null. */
    Object get(SeriesKey series) {
        int mask = keys.length - 1;
        for (int i = indexOf(series, mask); keys[i] != null; i = (i + 1) & mask) {
            if (keys[i].equals(series)) {
                return owners[i];
            }
        }
        return null;
    }

    void add(SeriesKey series, GroupKey owner) {
        int mask = keys.length - 1;
        int i = indexOf(series, mask);
        for (; keys[i] != null; i = (i + 1) & mask) {
            if (keys[i].equals(series)) {
                owners[i] = addOwner(owners[i], owner);
                return;
            }
        }
        keys[i] = series;
        owners[i] = owner;
        size++;
        if (size * 4 > keys.length * 3) {
            resize(keys.length * 2);
        }
    }

    void remove(SeriesKey series, GroupKey owner) {
        int mask = keys.length - 1;
        int i = indexOf(series, mask);
        while (keys[i] != null && !keys[i].equals(series)) {
            i = (i + 1) & mask;
        }
        if (keys[i] == null) {
            return;
        }
        Object left = removeOwner(owners[i], owner);
        if (left != null) {
            owners[i] = left;
            return;
        }
        keys[i] = null;
        owners[i] = null;
        size--;
        // Moves back the entries after the hole that would no longer be found past it.
        for (int j = (i + 1) & mask; keys[j] != null; j = (j + 1) & mask) {
            int home = indexOf(keys[j], mask);
            if (((j - home) & mask) >= ((j - i) & mask)) {
                keys[i] = keys[j];
                owners[i] = owners[j];
                keys[j] = null;
                owners[j] = null;
                i = j;
            }
        }
        if (keys.length > MIN_CAPACITY && size * 8 < keys.length) {
            resize(keys.length / 2);
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    @SuppressWarnings("unchecked")
    private static Object addOwner(Object owners, GroupKey added) {
        List<GroupKey> list =
                owners instanceof List<?> ? (List<GroupKey>) owners : new ArrayList<>(List.of((GroupKey) owners));
        list.add(added);
        return list;
    }

    /** The owners without {@code removed}; null when none is left. */
    private static Object removeOwner(Object owners, GroupKey removed) {
        if (owners instanceof List<?> list) {
            list.remove(removed);
            return list.size() == 1 ? list.get(0) : list;
        }
        return owners.equals(removed) ? null : owners;
    }

    private void resize(int capacity) {
        SeriesKey[] oldKeys = keys;
        Object[] oldOwners = owners;
        keys = new SeriesKey[capacity];
        owners = new Object[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = indexOf(oldKeys[j], mask);
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                owners[i] = oldOwners[j];
            }
        }
    }

    private static int indexOf(SeriesKey series, int mask) {
        int h = series.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
