package io.pushgateway.cluster.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroupKeyPathTest {
    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                // job | job base64 | label part | expected labels (name=value;...)
                "j | false | '' | job=j",
                "j | false | / | job=j",
                "j | false | /instance/i1 | instance=i1;job=j",
                "j | false | /instance/ | instance=;job=j",
                "j | false | /a/b/c/ | a=b;c=;job=j",
                "std | false | /job/other | job=std",
                "j | false | /instance/x/instance/y | instance=y;job=j",
                "dGVzdC9qb2I= | true | /instance@base64/dGVzdGluc3RhbmNl | instance=testinstance;job=test/job",
                "dGVzdC9qb2I | true | '' | job=test/job",
                "dGVzdC9qb2I=== | true | '' | job=test/job",
                "directory_cleaner | false | /path@base64/L3Zhci90bXA | job=directory_cleaner;path=/var/tmp",
                "example | false | /first_label@base64/=/second_label/foobar | first_label=;job=example;second_label=foobar",
                "titan | false | /name@base64/zqDPgc6_zrzOt864zrXPjc-C | job=titan;name=Προμηθεύς",
                "std | false | /v@base64/Zg | job=std;v=f",
                "std | false | /v/a+b | job=std;v=a+b",
                "j | false | /label_name1@base64/bGFiZWwvdmFsdWUx/label_name2/label_value2 | job=j;label_name1=label/value1;label_name2=label_value2",
                "j | false | /label_name2@base64/bGFiZWwvdmFsdWUy== | job=j;label_name2=label/value2",
                "j | false | /U__label_2e_name2/label_value2 | U__label_2e_name2=label_value2;job=j",
            })
    void parsesAsThePushgateway(String job, boolean base64, String labelPart, String expected) throws Exception {
        GroupKey key = GroupKeyPath.parse(job, base64, labelPart);
        assertEquals(expectedLabels(expected), key.labels());
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "= | true | '' | job name is required",
                "!!! | true | '' | invalid base64 encoding in job name \"\": illegal base64 data at input byte 0",
                "j2 | false | /a | odd number of components in label string \"/a\"",
                "std | false | /a/b/ | odd number of components in label string \"/a/b/\"",
                "j | false | /path/a/b | odd number of components in label string \"/path/a/b\"",
                "j2 | false | /__a/b | improper label name \"__a\"",
                "j2 | false | /a-b/b | improper label name \"a-b\"",
                "j | false | /a=b/v | improper label name \"a=b\"",
                "std | false | /v@base64/foo.bar | invalid base64 encoding for label v=\"foo.bar\": illegal base64 data at input byte 3",
                "std | false | /v@base64/a+b | invalid base64 encoding for label v=\"a+b\": illegal base64 data at input byte 1",
                "std | false | /v@base64/Zm9v=x | invalid base64 encoding for label v=\"Zm9v=x\": illegal base64 data at input byte 4",
                "std | false | /v@base64/Z | invalid base64 encoding for label v=\"Z\": illegal base64 data at input byte 0",
                // Label errors are reported before the missing job, as upstream orders its checks.
                "= | true | /a | odd number of components in label string \"/a\"",
            })
    void rejectsWithThePushgatewaysMessage(String job, boolean base64, String labelPart, String message) {
        var error = assertThrows(
                GroupKeyPath.InvalidGroupKeyException.class, () -> GroupKeyPath.parse(job, base64, labelPart));
        assertEquals(message, error.getMessage());
    }

    /** COMPATIBILITY.md §1.4 and upstream's TestSplitLabelsUTF8 / TestPushUTF8, with --push.enable-utf8-names. */
    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "j | false | /label_name1/label_value1/U__label_2e_name2/label_value2 | job=j;label.name2=label_value2;label_name1=label_value1",
                "j | false | /label_name1@base64/bGFiZWwvdmFsdWUx/U__label_2e_name2@base64/bGFiZWwvdmFsdWUy | job=j;label.name2=label/value2;label_name1=label/value1",
                "testjob | false | /instance/testinstance/U__dotted_2e_label_2e_name/mylabelvalue | dotted.label.name=mylabelvalue;instance=testinstance;job=testjob",
                "dGVzdC9qb2I= | true | /instance@base64/dGVzdGluc3RhbmNl/U__dotted_2e_label_2e_name@base64/bXlsYWJlbHZhbHVl | dotted.label.name=mylabelvalue;instance=testinstance;job=test/job",
                "j | false | /U__foo_2e_bar@base64/YmF6 | foo.bar=baz;job=j",
                // Any UTF-8 is a name now, escaped or not; malformed U__ names are taken literally.
                "j | false | /a-b/v/ä.ö/w | a-b=v;job=j;ä.ö=w",
                "j | false | /U__bad_zz_/v | U__bad_zz_=v;job=j",
                // The reserved prefix is checked on the name as written.
                "j | false | /U______x/v | __x=v;job=j",
            })
    void parsesUtf8NamesWithTheFlag(String job, boolean base64, String labelPart, String expected) throws Exception {
        GroupKey key = GroupKeyPath.parse(job, base64, labelPart, NameValidation.UTF8);
        assertEquals(expectedLabels(expected), key.labels());
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "j | false | /__a/b | improper label name \"__a\"",
                "j | false | /__a@base64/Zg | improper label name \"__a\"",
                "j | false | /U__a@base64/!! | invalid base64 encoding for label U__a=\"!!\": illegal base64 data at input byte 0",
                "j | false | /a/b/c | odd number of components in label string \"/a/b/c\"",
            })
    void rejectsWithTheFlagAsUpstream(String job, boolean base64, String labelPart, String message) {
        var error = assertThrows(
                GroupKeyPath.InvalidGroupKeyException.class,
                () -> GroupKeyPath.parse(job, base64, labelPart, NameValidation.UTF8));
        assertEquals(message, error.getMessage());
    }

    /**
     * A value that is not UTF-8 is refused, naming its label, where replacing the bytes with U+FFFD
     * would put different values into one group. URL errors are reported first, as upstream does.
     */
    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "j | false | /b@base64/_w== | b",
                "j | false | /b@base64/_v4= | b",
                "_w== | true | '' | job",
                "_w== | true | /b/ok | job",
                "j | false | /a/ok/b@base64/wyg | b",
                // An overlong encoding of '/' and an encoded surrogate are not UTF-8 either, as for Go.
                "j | false | /b@base64/wK8 | b",
                "j | false | /b@base64/7aCA | b",
            })
    void refusesValuesThatAreNotUtf8(String job, boolean base64, String labelPart, String label) {
        var error = assertThrows(GroupKeyPath.NotUtf8Exception.class, () -> GroupKeyPath.parse(job, base64, labelPart));
        assertEquals("grouping key has a label named \"" + label + "\" whose value is not utf8", error.getMessage());
    }

    @Test
    void differentInvalidValuesStayDifferent() throws Exception {
        // Each byte that is not UTF-8 is kept, so two invalid values never become one (U+FFFD) value.
        String ff = LenientBase64.decode("_w==");
        String fefe = LenientBase64.decode("_v4=");
        assertFalse(Utf8Escapes.isValid(ff));
        assertFalse(Utf8Escapes.isValid(fefe));
        assertNotEquals(ff, fefe);
        assertTrue(Utf8Escapes.isValid(LenientBase64.decode("zqDPgc6_zrzOt864zrXPjc-C")));
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "j | false | /b@base64/_w==/c | odd number of components in label string \"/b@base64/_w==/c\"",
                "_w== | true | /__a/b | improper label name \"__a\"",
            })
    void urlErrorsComeBeforeTheUtf8Check(String job, boolean base64, String labelPart, String message) {
        var error = assertThrows(
                GroupKeyPath.InvalidGroupKeyException.class, () -> GroupKeyPath.parse(job, base64, labelPart));
        assertEquals(message, error.getMessage());
    }

    private static Labels expectedLabels(String spec) {
        Map<String, String> map = new java.util.HashMap<>();
        for (String pair : spec.split(";")) {
            int eq = pair.indexOf('=');
            map.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return Labels.of(map);
    }
}
