package io.pushgateway.cluster.architecture.cycle.up;

import io.pushgateway.cluster.architecture.cycle.down.Lower;

/** Half of a deliberate package cycle, for the test that the cycle rule finds one. */
public final class Upper {
    public Lower lower() {
        return new Lower();
    }
}
