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
import java.util.function.Function;

/**
 * An immutable map by name, in code point order, of values that know their own name, held as one
 * array of the values: what a group keeps its families in. Every node holds every group, and a
 * {@code TreeMap} would add an entry object per family of each, an array of the names one more
 * array per group; lookups are binary searches over the few families of a group.
 */
final class SortedArrayMap<V> extends AbstractMap<String, V> implements SortedMap<String, V> {
    private final Object[] values;
    /** The key of each value: the map holds no keys of its own. */
    private final Function<? super V, String> keyOf;

    private SortedArrayMap(Object[] values, Function<? super V, String> keyOf) {
        this.values = values;
        this.keyOf = keyOf;
    }

    /**
     * The entries of {@code sorted} (ordered by {@link CodePointOrder}), copied; each value's key
     * must be {@code keyOf} of it.
     */
    static <V> SortedArrayMap<V> copyOf(SortedMap<String, V> sorted, Function<? super V, String> keyOf) {
        if (sorted instanceof SortedArrayMap<V> compact && compact.keyOf == keyOf) {
            return compact;
        }
        Object[] values = new Object[sorted.size()];
        int i = 0;
        for (Entry<String, V> e : sorted.entrySet()) {
            if (!e.getKey().equals(keyOf.apply(e.getValue()))) {
                throw new IllegalArgumentException("key " + e.getKey() + " is not its value's own");
            }
            values[i++] = e.getValue();
        }
        SortedArrayMap<V> map = new SortedArrayMap<>(values, keyOf);
        for (int k = 1; k < values.length; k++) {
            if (CodePointOrder.INSTANCE.compare(map.keyAt(k - 1), map.keyAt(k)) >= 0) {
                // A map ordered otherwise (another comparator): the same entries in code point order.
                Arrays.sort(values, (a, b) -> CodePointOrder.INSTANCE.compare(map.keyOf(a), map.keyOf(b)));
                break;
            }
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private String keyOf(Object value) {
        return keyOf.apply((V) value);
    }

    private String keyAt(int i) {
        return keyOf(values[i]);
    }

    /** The index of {@code key}, or {@code -(insertion point) - 1} if absent. */
    private int search(String key) {
        int low = 0;
        int high = values.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = CodePointOrder.INSTANCE.compare(keyAt(mid), key);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    private int indexOf(Object key) {
        return key instanceof String name ? search(name) : -1;
    }

    @Override
    public int size() {
        return values.length;
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
                        return next < values.length;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Entry<String, V> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keyAt(i), (V) values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
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
        return range(insertionPoint(fromKey), values.length);
    }

    @Override
    public String firstKey() {
        if (values.length == 0) {
            throw new NoSuchElementException();
        }
        return keyAt(0);
    }

    @Override
    public String lastKey() {
        if (values.length == 0) {
            throw new NoSuchElementException();
        }
        return keyAt(values.length - 1);
    }

    /** The first index whose key is not below {@code key}. */
    private int insertionPoint(String key) {
        int i = search(key);
        return i >= 0 ? i : -i - 1;
    }

    private SortedMap<String, V> range(int from, int to) {
        return new SortedArrayMap<>(Arrays.copyOfRange(values, from, to), keyOf);
    }
}
