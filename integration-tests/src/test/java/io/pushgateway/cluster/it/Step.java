package io.pushgateway.cluster.it;

import java.util.List;

/**
 * One request of a differential case and what must agree between the two gateways' answers.
 *
 * @param request the request sent to both gateways
 * @param expectedStatus the status the case table expects (checked against the reference, so a
 *     wrong table entry is reported as such and not as a difference of ours)
 * @param message how the bodies are compared
 * @param comparedHeaders response headers whose values must be equal
 */
record Step(Request request, int expectedStatus, MessageCheck message, List<String> comparedHeaders) {

    /** How the response bodies of the two gateways are compared. */
    sealed interface MessageCheck {

        /** Equal text before the first '{' (the default; protobuf renderings differ after it). */
        record BeforeFirstBrace() implements MessageCheck {}

        /**
         * Both bodies start with the given fixed text; used where the reference words the rest
         * randomly (it depends on Go map iteration order).
         */
        record StartsWith(String fixedPrefix, String why) implements MessageCheck {}

        /** Byte-for-byte equal bodies. */
        record Exact() implements MessageCheck {}

        /** Bodies not compared, only the status; {@code why} says why the text may differ. */
        record StatusOnly(String why) implements MessageCheck {}

        /**
         * A deliberate difference listed in the README: ours must answer {@code ourStatus} where the
         * reference answers the case's expected status; {@code why} names the README entry.
         */
        record DeliberateDifference(int ourStatus, String why) implements MessageCheck {}
    }

    Step {
        comparedHeaders = List.copyOf(comparedHeaders);
    }

    static Step of(Request request, int expectedStatus) {
        return new Step(request, expectedStatus, new MessageCheck.BeforeFirstBrace(), List.of());
    }

    Step comparingHeaders(String... names) {
        return new Step(request, expectedStatus, message, List.of(names));
    }

    Step messageStartingWith(String fixedPrefix, String why) {
        return new Step(request, expectedStatus, new MessageCheck.StartsWith(fixedPrefix, why), comparedHeaders);
    }

    Step exactBody() {
        return new Step(request, expectedStatus, new MessageCheck.Exact(), comparedHeaders);
    }

    Step oursAnswering(int ourStatus, String why) {
        return new Step(
                request, expectedStatus, new MessageCheck.DeliberateDifference(ourStatus, why), comparedHeaders);
    }

    Step statusOnly(String why) {
        return new Step(request, expectedStatus, new MessageCheck.StatusOnly(why), comparedHeaders);
    }
}
