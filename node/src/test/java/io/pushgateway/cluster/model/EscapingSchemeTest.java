package io.pushgateway.cluster.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The escaping schemes against the cases of prometheus/common's name escaping tests. */
class EscapingSchemeTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // name | underscores | dots | values
                "my_metric | my_metric | my_metric | my_metric",
                "mysystem.prod.west.cpu.load | mysystem_prod_west_cpu_load | mysystem_dot_prod_dot_west_dot_cpu_dot_load"
                        + " | U__mysystem_2e_prod_2e_west_2e_cpu_2e_load",
                "mysystem.prod.west.cpu.load_total | mysystem_prod_west_cpu_load_total"
                        + " | mysystem_dot_prod_dot_west_dot_cpu_dot_load__total | U__mysystem_2e_prod_2e_west_2e_cpu_2e_load__total",
                "http.status:sum | http_status:sum | http_dot_status:sum | U__http_2e_status:sum",
                "label with 😱 | label_with__ | label__with____ | U__label_20_with_20__1f631_",
                "花火 | __ | ____ | U___82b1__706b_",
                "label with Ā | label_with__ | label__with____ | U__label_20_with_20__100_",
                "0abc | _abc | __abc | U___30_abc",
                "a-b | a_b | a__b | U__a_2d_b",
            })
    void escapesAsUpstream(String name, String underscores, String dots, String values) {
        assertEquals(name, EscapingScheme.ALLOW_UTF8.escape(name));
        // A classic name is kept by dots too when a whole family is escaped; EscapeName alone
        // doubles its underscores, which only matters for names that need escaping anyway.
        assertEquals(underscores, EscapingScheme.UNDERSCORES.escape(name));
        if (!Names.isValidMetricName(name)) {
            assertEquals(dots, EscapingScheme.DOTS.escape(name));
        }
        assertEquals(values, EscapingScheme.VALUES.escape(name));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "mysystem.prod.west.cpu.load | mysystem_dot_prod_dot_west_dot_cpu_dot_load | U__mysystem_2e_prod_2e_west_2e_cpu_2e_load",
                "mysystem.prod.west.cpu.load_total | mysystem_dot_prod_dot_west_dot_cpu_dot_load__total"
                        + " | U__mysystem_2e_prod_2e_west_2e_cpu_2e_load__total",
                "label with 😱 | '' | U__label_20_with_20__1f631_",
                "花火 | '' | U___82b1__706b_",
            })
    void unescapesWhatItEscaped(String name, String dots, String values) {
        if (!dots.isEmpty()) {
            assertEquals(name, EscapingScheme.DOTS.unescape(dots));
        }
        assertEquals(name, EscapingScheme.VALUES.unescape(values));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "U__dotted_2e_label_2e_name | dotted.label.name",
                "U__no:escaping__required | no:escaping_required",
                "U__upper_2E_case | upper.case",
                "U__A_41_ | AA",
                "U__1f_1f600_ | 1f😀",
                "no_prefix_2e_ | no_prefix_2e_",
                "u__lower_2e_prefix | u__lower_2e_prefix",
                // Malformed: the whole name is used unchanged.
                "U__trailing_ | U__trailing_",
                "U__bad_zz_digit | U__bad_zz_digit",
                "U__unclosed_2e | U__unclosed_2e",
                "U__surrogate_d800_ | U__surrogate_d800_",
                "U__too_large_110000_ | U__too_large_110000_",
                // Upstream gives up after five digits, so even a valid six-digit code point is not decoded.
                "U__six_10ffff_ | U__six_10ffff_",
                "U__five_0002e_ | five.",
                "'' | ''",
            })
    void unescapesValuesLikeUpstream(String escaped, String expected) {
        assertEquals(expected, EscapingScheme.VALUES.unescape(escaped));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"allow-utf-8, ALLOW_UTF8", "underscores, UNDERSCORES", "dots, DOTS", "values, VALUES"})
    void namedByTheirParameter(String parameter, EscapingScheme scheme) {
        assertEquals(scheme, EscapingScheme.fromParameter(parameter));
        assertEquals(parameter, scheme.parameter());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Underscores", "utf-8", "allow-utf8", "ALLOW-UTF-8"})
    void unknownParametersAreNotSchemes(String parameter) {
        assertNull(EscapingScheme.fromParameter(parameter));
    }
}
