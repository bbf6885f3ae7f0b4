package io.pushgateway.cluster.store.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.SerializationIds;
import io.pushgateway.cluster.store.check.ClaimBatch;
import io.pushgateway.cluster.store.check.ClaimProcessor;
import io.pushgateway.cluster.store.check.HolderCountProcessor;
import io.pushgateway.cluster.store.check.HolderRecountProcessor;
import io.pushgateway.cluster.store.check.TypeClaim;

/**
 * Registers the store's values and entry processors with Hazelcast. Identified serialisation
 * keeps member traffic compact and free of Java serialisation.
 */
public final class StoreSerialization implements DataSerializableFactory {
    public static void register(Config config) {
        config.getSerializationConfig().addDataSerializableFactory(SerializationIds.FACTORY_ID, new StoreSerialization());
    }

    @Override
    public IdentifiedDataSerializable create(int classId) {
        return switch (classId) {
            case SerializationIds.GROUP -> new Group();
            case SerializationIds.PUSH -> new PushProcessor();
            case SerializationIds.FAILURE -> new FailureProcessor();
            case SerializationIds.DELETE -> new DeleteProcessor();
            case SerializationIds.KEY_VERSION -> new KeyVersion();
            case SerializationIds.KEY_VERSION_PROJECTION -> new KeyVersionProjection();
            case SerializationIds.TYPE_CLAIM -> new TypeClaim();
            case SerializationIds.CLAIM -> new ClaimProcessor();
            case SerializationIds.HOLDER_COUNT -> new HolderCountProcessor();
            case SerializationIds.RESTORE -> new RestoreProcessor();
            case SerializationIds.HOLDER_RECOUNT -> new HolderRecountProcessor();
            case SerializationIds.GROUP_CHANGE -> new GroupChange();
            case SerializationIds.PUSH_BATCH -> new PushBatch();
            case SerializationIds.CLAIM_BATCH -> new ClaimBatch();
            default -> throw new IllegalArgumentException("unknown class id " + classId);
        };
    }
}
