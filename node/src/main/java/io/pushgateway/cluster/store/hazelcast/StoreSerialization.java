package io.pushgateway.cluster.store.hazelcast;

import static io.pushgateway.cluster.store.SerializationIds.*;

import com.hazelcast.config.Config;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.check.ClaimBatch;
import io.pushgateway.cluster.store.check.ClaimProcessor;
import io.pushgateway.cluster.store.check.HolderCountProcessor;
import io.pushgateway.cluster.store.check.HolderRecountProcessor;
import io.pushgateway.cluster.store.check.TypeClaim;

/**
 * Registers the store's values and entry processors with Hazelcast. Identified serialisation, and
 * a serializer of its own for the immutable group, keep member traffic compact and free of Java
 * serialisation.
 */
public final class StoreSerialization implements DataSerializableFactory {
    public static void register(Config config) {
        config.getSerializationConfig().addDataSerializableFactory(FACTORY_ID, new StoreSerialization());
        config.getSerializationConfig()
                .addSerializerConfig(
                        new SerializerConfig().setTypeClass(Group.class).setImplementation(new GroupSerializer()));
    }

    @Override
    public IdentifiedDataSerializable create(int classId) {
        return switch (classId) {
            case PUSH -> new PushProcessor();
            case FAILURE -> new FailureProcessor();
            case DELETE -> new DeleteProcessor();
            case KEY_VERSION -> new KeyVersion();
            case KEY_VERSION_PROJECTION -> new KeyVersionProjection();
            case TYPE_CLAIM -> new TypeClaim();
            case CLAIM -> new ClaimProcessor();
            case HOLDER_COUNT -> new HolderCountProcessor();
            case RESTORE -> new RestoreProcessor();
            case HOLDER_RECOUNT -> new HolderRecountProcessor();
            case GROUP_CHANGE -> new GroupChange();
            case PUSH_BATCH -> new PushBatch();
            case CLAIM_BATCH -> new ClaimBatch();
            default -> throw new IllegalArgumentException("unknown class id " + classId);
        };
    }
}
