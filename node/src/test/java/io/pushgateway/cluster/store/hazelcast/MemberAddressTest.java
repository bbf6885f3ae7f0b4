package io.pushgateway.cluster.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemberAddressTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "node1                  | node1                | 5701",
                "node1:6000             | node1                | 6000",
                "127.0.0.1              | 127.0.0.1            | 5701",
                "127.0.0.1:34461        | 127.0.0.1            | 34461",
                "[::1]                  | ::1                  | 5701",
                "[::1]:5702             | ::1                  | 5702",
                "[2001:db8::7]:65535    | 2001:db8::7          | 65535",
                "gw.example.org:1       | gw.example.org       | 1",
            })
    void takesHostOrHostAndPortWithTheListenPortAsDefault(String text, String host, int port) {
        assertEquals(new MemberAddress(host, port), MemberAddress.parse(text, 5701));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''                 | empty host",
                ":5701              | empty host",
                "[]:5701            | empty host",
                "node1:0            | port out of range: 0",
                "node1:65536        | port out of range: 65536",
                "node1:99999999999  | port is not a number: \"99999999999\"",
                "node1:http         | port is not a number: \"http\"",
                "node1:             | port is not a number: \"\"",
                "node1:-1           | port is not a number: \"-1\"",
                "::1:5701           | an IPv6 address must be in brackets",
                "::1                | an IPv6 address must be in brackets",
                "[::1               | no closing bracket",
                "[::1]5701          | unexpected text after the bracket: 5701",
                "'node 1'           | whitespace in the host",
            })
    void refusesWhatIsNotAnAddressSayingWhy(String text, String reason) {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> MemberAddress.parse(text, 5701));
        assertEquals(reason, error.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "node1:5701      | node1:5701",
                "[::1]:5702      | [::1]:5702",
                "[fe80::1%eth0]  | [fe80::1%eth0]:5701",
            })
    void printsTheFormHazelcastAndThePeerListsTake(String text, String printed) {
        assertEquals(printed, MemberAddress.parse(text, 5701).toString());
    }
}
