package io.pushgateway.cluster.store;

/**
 * The serialisation ids of the store's values and entry processors, as members send them to each
 * other. An id, once used, is never given to another class: members of two versions exchange them
 * during a rolling upgrade. Kept in the contract package so that every store package may name its
 * own ids.
 */
public final class SerializationIds {
    public static final int FACTORY_ID = 0x5047; // "PG"
    public static final int PUSH = 2;
    public static final int FAILURE = 3;
    public static final int DELETE = 4;
    public static final int KEY_VERSION = 5;
    public static final int KEY_VERSION_PROJECTION = 6;
    public static final int TYPE_CLAIM = 7;
    public static final int CLAIM = 8;
    public static final int HOLDER_COUNT = 9;
    public static final int RESTORE = 10;
    public static final int HOLDER_RECOUNT = 11;
    public static final int GROUP_CHANGE = 12;
    public static final int PUSH_BATCH = 13;
    public static final int CLAIM_BATCH = 14;
    // 1 was a group's class id until a group got a serializer of its own; never reused.

    /**
     * The type id of the serializer of a {@code Group}, apart from the class ids above. The first
     * form, with each family's name and push time beside its encoding, had {@code FACTORY_ID}: a
     * member that reads one form must refuse the other, not misread it.
     */
    public static final int GROUP_TYPE = FACTORY_ID + 1;

    private SerializationIds() {}
}
