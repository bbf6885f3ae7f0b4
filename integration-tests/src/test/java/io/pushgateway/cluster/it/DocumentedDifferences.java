package io.pushgateway.cluster.it;

import java.util.Optional;

/**
 * Recognises the answers in which a node differs from 1.5.1 on purpose (README, "Differences from
 * the Go Pushgateway, and why"), so that the random differential test stops a sequence there
 * instead of reporting it: from such a step on, the two stores legitimately hold different data.
 */
final class DocumentedDifferences {

    private DocumentedDifferences() {}

    /**
     * Why a step's answers may differ on purpose, or empty if they must agree. Checked whatever the
     * statuses: where a node refuses such a push at once, 1.5.1 may accept it or refuse it later (its
     * consistency check, which also records a failure time in the group).
     */
    static Optional<String> ofStep(Request request, Response ours) {
        String body = ours.bodyText();
        if (ours.status() == 400 && body.contains("has a negative")) {
            return Optional.of("negative histogram populations are refused (1.5.1 stores them wrapped around)");
        }
        if (ours.status() == 400
                && request.path().contains("/le/")
                && body.contains("has a label named \"le\" which is reserved for histograms")) {
            return Optional.of("le as a grouping label of a histogram is refused (1.5.1 then serves le twice)");
        }
        return Optional.empty();
    }

    /**
     * Why the reference's failed scrape is deliberate, or empty if it is a divergence. Scrapes are
     * compared after every step, so the step that made 1.5.1's store inconsistent is the last one
     * compared: its later refusals of every push are never mistaken for a difference of ours.
     */
    static Optional<String> ofReferenceScrape(Response referenceScrape) {
        if (referenceScrape.status() == 500) {
            return Optional.of("1.5.1 fails every scrape once its store is inconsistent; a node resolves the conflict");
        }
        return Optional.empty();
    }
}
