package io.pushgateway.cluster.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelsTest {
    @Test
    void sortsNamesByCodePoint() {
        assertEquals(
                List.of("B", "a", "b"), Labels.of("b", "1", "a", "2", "B", "3").names());
    }

    @Test
    void exposesSeriesInThePushgatewaysOrder() {
        // COMPATIBILITY.md §6.2: fewer labels first, then values position by position; names are not compared.
        List<Labels> series = new ArrayList<>(List.of(
                Labels.of("instance", "", "job", "interleave", "x", "1"),
                Labels.of("instance", "inst", "job", "bodyjob"),
                Labels.of("instance", "i9", "job", "bodyjob2")));
        series.sort(Labels::compareForExposition);
        assertEquals(
                List.of(
                        Labels.of("instance", "i9", "job", "bodyjob2"),
                        Labels.of("instance", "inst", "job", "bodyjob"),
                        Labels.of("instance", "", "job", "interleave", "x", "1")),
                series);
    }

    @Test
    void comparesValuesAsUtf8Bytes() {
        // U+FF5E is one UTF-16 unit, U+1F600 two surrogates: Java's compareTo puts the emoji first, UTF-8 bytes last.
        String bmp = "\uFF5E";
        String astral = new String(Character.toChars(0x1F600));
        assertTrue(CodePointOrder.INSTANCE.compare(bmp, astral) < 0);
        assertTrue(bmp.compareTo(astral) > 0);
    }
}
