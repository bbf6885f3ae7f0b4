package io.pushgateway.cluster.store.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;

/** Serialisation as a member has it, with the store's factory and the group's serializer; for tests of what members send. */
final class MemberSerialization {
    static final InternalSerializationService SERVICE = build();

    private MemberSerialization() {}

    private static InternalSerializationService build() {
        Config config = new Config();
        StoreSerialization.register(config);
        return new DefaultSerializationServiceBuilder()
                .setConfig(config.getSerializationConfig())
                .build();
    }
}
