package io.pushgateway.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing peer skips a developer's run and fails CI's, which passes -Dit.requireAll=true. */
class PeersRequiredTest {
    private final String before = System.getProperty(PeersRequired.PROPERTY);
    private final PeersRequired extension = new PeersRequired();

    @AfterEach
    void restoreProperty() {
        if (before == null) {
            System.clearProperty(PeersRequired.PROPERTY);
        } else {
            System.setProperty(PeersRequired.PROPERTY, before);
        }
    }

    @Test
    void aMissingPeerSkipsWhereNotRequired() {
        System.setProperty(PeersRequired.PROPERTY, "false");
        assertThrows(
                TestAbortedException.class,
                () -> extension.interceptTestMethod(
                        () -> {
                            throw new TestAbortedException("prometheus is not installed");
                        },
                        null,
                        null));
    }

    @Test
    void aMissingPeerFailsWhereRequired() {
        System.setProperty(PeersRequired.PROPERTY, "true");
        AssertionFailedError failure = assertThrows(
                AssertionFailedError.class,
                () -> extension.interceptBeforeAllMethod(
                        () -> {
                            throw new TestAbortedException("prometheus is not installed");
                        },
                        null,
                        null));
        assertTrue(failure.getMessage().contains("prometheus is not installed"), failure.getMessage());
    }

    @Test
    void aPresentPeerChangesNothing() throws Throwable {
        System.setProperty(PeersRequired.PROPERTY, "true");
        assertEquals("ran", extension.interceptTestFactoryMethod(() -> "ran", null, null));
    }
}
