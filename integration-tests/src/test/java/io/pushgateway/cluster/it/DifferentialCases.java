package io.pushgateway.cluster.it;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The whole differential table, theme by theme. */
final class DifferentialCases {

    private DifferentialCases() {}

    static List<DiffCase> all() {
        List<DiffCase> all = new ArrayList<>();
        Stream.of(
                        UrlGrammarCases.cases(),
                        TextBodyCases.cases(),
                        ProtobufBodyCases.cases(),
                        RequestEncodingCases.cases(),
                        WriteSemanticsCases.cases(),
                        ConsistencyCases.cases(),
                        HttpSurfaceCases.cases(),
                        DeliberateDifferenceCases.cases())
                .forEach(all::addAll);
        return List.copyOf(all);
    }
}
