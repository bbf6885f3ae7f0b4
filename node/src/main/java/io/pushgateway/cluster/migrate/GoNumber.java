package io.pushgateway.cluster.migrate;

/** Numbers as Go's {@code %v} writes them in the metrics API: {@code +Inf}, {@code -Inf}, {@code NaN}, {@code 1e+06}. */
final class GoNumber {
    private GoNumber() {}

    static double parse(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }
}
