package io.pushgateway.cluster.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One row of the differential table: a name that says which behaviour it pins down, the flags
 * both gateways start with, a short request sequence, and what is compared afterwards. Immutable;
 * the fluent methods return extended copies.
 */
record DiffCase(
        String name,
        Gateways.GatewayFlags flags,
        List<Step> steps,
        boolean compareScrape,
        Set<String> helpIgnoredFor,
        Optional<String> awaitSeriesBeforeScrape,
        boolean leavesReferenceUnusable) {

    static final String PUSH_REJECTED = "pushed metrics are invalid or inconsistent with existing metrics: ";

    DiffCase {
        steps = List.copyOf(steps);
        helpIgnoredFor = Set.copyOf(helpIgnoredFor);
    }

    static DiffCase named(String name) {
        return new DiffCase(name, Gateways.GatewayFlags.DEFAULT, List.of(), true, Set.of(), Optional.empty(), false);
    }

    DiffCase flags(String... args) {
        return new DiffCase(
                name,
                Gateways.GatewayFlags.of(args),
                steps,
                compareScrape,
                helpIgnoredFor,
                awaitSeriesBeforeScrape,
                leavesReferenceUnusable);
    }

    /** Appends a request whose status the reference is expected to answer. */
    DiffCase then(Request request, int expectedStatus) {
        return then(Step.of(request, expectedStatus));
    }

    DiffCase then(Step step) {
        List<Step> extended = new ArrayList<>(steps);
        extended.add(step);
        return new DiffCase(
                name, flags, extended, compareScrape, helpIgnoredFor, awaitSeriesBeforeScrape, leavesReferenceUnusable);
    }

    /** Skips the final scrape comparison; {@code why} documents the known, deliberate difference. */
    DiffCase withoutScrapeComparison(String why) {
        return new DiffCase(
                name, flags, steps, false, helpIgnoredFor, awaitSeriesBeforeScrape, leavesReferenceUnusable);
    }

    /**
     * Does not compare the HELP of these families: with differing helps across groups the
     * reference picks one at random per scrape (Go map order).
     */
    DiffCase ignoringHelpOf(String... families) {
        Set<String> ignored = new TreeSet<>(helpIgnoredFor);
        ignored.addAll(List.of(families));
        return new DiffCase(
                name, flags, steps, compareScrape, ignored, awaitSeriesBeforeScrape, leavesReferenceUnusable);
    }

    /**
     * Polls the scrape until a series of this name shows up before comparing: unchecked pushes are
     * answered before they are applied, so the last one's series marks "everything applied".
     */
    DiffCase awaitingSeries(String seriesName) {
        return new DiffCase(
                name, flags, steps, compareScrape, helpIgnoredFor, Optional.of(seriesName), leavesReferenceUnusable);
    }

    /**
     * Gives this case gateways of its own, stopped afterwards: its requests leave the reference in a
     * state no reset repairs (1.5.1 stores a group it cannot serve); {@code why} says which.
     */
    DiffCase leavingTheReferenceUnusable(String why) {
        return new DiffCase(name, flags, steps, compareScrape, helpIgnoredFor, awaitSeriesBeforeScrape, true);
    }

    String scrapePath() {
        return flags.routePrefix() + "/metrics";
    }

    @Override
    public String toString() {
        return name;
    }
}
