package io.pushgateway.cluster.store;

import io.pushgateway.cluster.model.CodePointOrder;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;

/**
 * An immutable map by name, in code point order, held as two arrays: what a group keeps its
 * families in. Every node holds every group, and a {@code TreeMap} would add an entry object per
 * family of each; lookups are binary searches over the few families of a group.
 */
final class SortedArrayMap<V> extends AbstractMap<String, V> implements SortedMap<String, V> {
    private static final SortedArrayMap<?> EMPTY = new SortedArrayMap<>(new String[0], new Object[0]);

    private final String[] keys;
    private final Object[] values;

    private SortedArrayMap(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** The entries of {@code sorted} (ordered by {@link CodePointOrder}), copied. */
    @SuppressWarnings("unchecked")
    static <V> SortedArrayMap<V> copyOf(SortedMap<String, V> sorted) {
        if (sorted instanceof SortedArrayMap<V> compact) {
            return compact;
        }
        if (sorted.isEmpty()) {
            return (SortedArrayMap<V>) EMPTY;
        }
        String[] keys = new String[sorted.size()];
        Object[] values = new Object[keys.length];
        int i = 0;
        for (Entry<String, V> e : sorted.entrySet()) {
            keys[i] = e.getKey();
            values[i++] = e.getValue();
        }
        for (int k = 1; k < keys.length; k++) {
            if (CodePointOrder.INSTANCE.compare(keys[k - 1], keys[k]) >= 0) {
                return sorted(keys, values);
            }
        }
        return new SortedArrayMap<>(keys, values);
    }

    /** For a map ordered otherwise (another comparator): the same entries in code point order. */
    private static <V> SortedArrayMap<V> sorted(String[] keys, Object[] values) {
        Integer[] order = new Integer[keys.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> CodePointOrder.INSTANCE.compare(keys[a], keys[b]));
        String[] sortedKeys = new String[keys.length];
        Object[] sortedValues = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
            sortedKeys[i] = keys[order[i]];
            sortedValues[i] = values[order[i]];
        }
        return new SortedArrayMap<>(sortedKeys, sortedValues);
    }

    private int indexOf(Object key) {
        return key instanceof String name ? Arrays.binarySearch(keys, name, CodePointOrder.INSTANCE) : -1;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = indexOf(key);
        return i >= 0 ? (V) values[i] : null;
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Entry<String, V> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], (V) values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    @Override
    public Comparator<? super String> comparator() {
        return CodePointOrder.INSTANCE;
    }

    @Override
    public SortedMap<String, V> subMap(String fromKey, String toKey) {
        if (CodePointOrder.INSTANCE.compare(fromKey, toKey) > 0) {
            throw new IllegalArgumentException("fromKey > toKey");
        }
        return range(insertionPoint(fromKey), insertionPoint(toKey));
    }

    @Override
    public SortedMap<String, V> headMap(String toKey) {
        return range(0, insertionPoint(toKey));
    }

    @Override
    public SortedMap<String, V> tailMap(String fromKey) {
        return range(insertionPoint(fromKey), keys.length);
    }

    @Override
    public String firstKey() {
        if (keys.length == 0) {
            throw new NoSuchElementException();
        }
        return keys[0];
    }

    @Override
    public String lastKey() {
        if (keys.length == 0) {
            throw new NoSuchElementException();
        }
        return keys[keys.length - 1];
    }

    /** The first index whose key is not below {@code key}. */
    private int insertionPoint(String key) {
        int i = Arrays.binarySearch(keys, key, CodePointOrder.INSTANCE);
        return i >= 0 ? i : -i - 1;
    }

    private SortedMap<String, V> range(int from, int to) {
        return new SortedArrayMap<>(Arrays.copyOfRange(keys, from, to), Arrays.copyOfRange(values, from, to));
    }
}
