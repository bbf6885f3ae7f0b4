package io.pushgateway.cluster.store;

import com.hazelcast.config.Config;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Registers the store's values and entry processors with Hazelcast. Identified serialisation
 * keeps member traffic compact and free of Java serialisation.
 */
public final class StoreSerialization implements DataSerializableFactory {
    static final int FACTORY_ID = 0x5047; // "PG"
    static final int GROUP = 1;
    static final int PUSH = 2;
    static final int FAILURE = 3;
    static final int DELETE = 4;
    static final int KEY_VERSION = 5;
    static final int VERSION_PROJECTION = 6;
    static final int TYPE_CLAIM = 7;
    static final int CLAIM = 8;
    static final int HOLDERS_DELTA = 9;
    static final int RESTORE = 10;
    static final int RECOUNT = 11;
    static final int GROUP_CHANGE = 12;
    static final int PUSH_BATCH = 13;
    static final int CLAIM_BATCH = 14;

    public static void register(Config config) {
        config.getSerializationConfig().addDataSerializableFactory(FACTORY_ID, new StoreSerialization());
    }

    @Override
    public IdentifiedDataSerializable create(int classId) {
        return switch (classId) {
            case GROUP -> new Group();
            case PUSH -> new PushProcessor();
            case FAILURE -> new FailureProcessor();
            case DELETE -> new DeleteProcessor();
            case KEY_VERSION -> new KeyVersion();
            case VERSION_PROJECTION -> new VersionProjection();
            case TYPE_CLAIM -> new TypeClaim();
            case CLAIM -> new ClaimProcessor();
            case HOLDERS_DELTA -> new HoldersDelta();
            case RESTORE -> new RestoreProcessor();
            case RECOUNT -> new Recount();
            case GROUP_CHANGE -> new GroupChange();
            case PUSH_BATCH -> new PushBatch();
            case CLAIM_BATCH -> new ClaimBatch();
            default -> throw new IllegalArgumentException("unknown class id " + classId);
        };
    }
}
