package io.pushgateway.cluster.architecture.cycle.down;

import io.pushgateway.cluster.architecture.cycle.up.Upper;

/** The other half of the deliberate package cycle: a lower package that reaches back up. */
public final class Lower {
    public Upper upper() {
        return new Upper();
    }
}
