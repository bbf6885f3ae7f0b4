package io.pushgateway.cluster.scrape;

import io.pushgateway.cluster.model.GroupKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A family's parts by group: an open-addressing hash table (linear probing, at most three quarters
 * full) of the parts themselves. A {@code HashMap} would add an entry object per part, and the scrape cache holds a
 * part for every family of every group. Not thread-safe: the cache uses it under its lock.
 */
final class PartTable {
    private static final int MIN_CAPACITY = 4;

    private RenderedFamily[] slots = new RenderedFamily[MIN_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    RenderedFamily get(GroupKey group) {
        int mask = slots.length - 1;
        for (int i = indexOf(group, mask); slots[i] != null; i = (i + 1) & mask) {
            if (slots[i].group.equals(group)) {
                return slots[i];
            }
        }
        return null;
    }

    /** Adds or replaces the part of its group; returns the part replaced, or null. */
    RenderedFamily put(RenderedFamily part) {
        int mask = slots.length - 1;
        int i = indexOf(part.group, mask);
        for (; slots[i] != null; i = (i + 1) & mask) {
            if (slots[i].group.equals(part.group)) {
                RenderedFamily replaced = slots[i];
                slots[i] = part;
                return replaced;
            }
        }
        slots[i] = part;
        size++;
        if (size * 4 > slots.length * 3) {
            resize(slots.length * 2);
        }
        return null;
    }

    /** Removes the part of the group; returns it, or null if there was none. */
    RenderedFamily remove(GroupKey group) {
        int mask = slots.length - 1;
        int i = indexOf(group, mask);
        while (slots[i] != null && !slots[i].group.equals(group)) {
            i = (i + 1) & mask;
        }
        RenderedFamily removed = slots[i];
        if (removed == null) {
            return null;
        }
        slots[i] = null;
        size--;
        // Moves back the parts after the hole that would no longer be found past it.
        for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int home = indexOf(slots[j].group, mask);
            if (((j - home) & mask) >= ((j - i) & mask)) {
                slots[i] = slots[j];
                slots[j] = null;
                i = j;
            }
        }
        if (slots.length > MIN_CAPACITY && size * 8 < slots.length) {
            resize(slots.length / 2);
        }
        return removed;
    }

    List<RenderedFamily> parts() {
        List<RenderedFamily> parts = new ArrayList<>(size);
        for (RenderedFamily part : slots) {
            if (part != null) {
                parts.add(part);
            }
        }
        return parts;
    }

    private void resize(int capacity) {
        RenderedFamily[] old = slots;
        slots = new RenderedFamily[capacity];
        int mask = capacity - 1;
        for (RenderedFamily part : old) {
            if (part != null) {
                int i = indexOf(part.group, mask);
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = part;
            }
        }
    }

    private static int indexOf(GroupKey group, int mask) {
        int h = group.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
