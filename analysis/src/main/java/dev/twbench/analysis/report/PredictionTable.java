package dev.twbench.analysis.report;

import dev.twbench.analysis.capacity.PredictionCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Predictions beside measurements as a report table; rows more than 10 % off are flagged. */
final class PredictionTable {
    static final List<String> HEADERS = List.of("quantity", "predicted", "measured", "difference", "verdict", "why");

    private PredictionTable() {
    }

    static Report.Table of(List<PredictionCheck> checks) {
        return of(checks, List.of());
    }

    /** With leading columns (e.g. the variant) before each check's cells. */
    static Report.Table of(List<PredictionCheck> checks, List<List<String>> leading) {
        List<List<String>> rows = new ArrayList<>();
        List<Integer> flagged = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            PredictionCheck c = checks.get(i);
            List<String> row = new ArrayList<>(leading.isEmpty() ? List.of() : leading.get(i));
            row.addAll(List.of(c.quantity(), Format.value(c.predicted(), c.unit()), Format.value(c.measured(), c.unit()),
                    Format.percent(c.diffPercent()), verdict(c), c.note()));
            rows.add(row);
            if (c.disagrees()) {
                flagged.add(i);
            }
        }
        return new Report.Table(HEADERS, rows, flagged);
    }

    static Report.Table withLeading(List<String> leadingHeaders, List<PredictionCheck> checks,
            List<List<String>> leading) {
        Report.Table t = of(checks, leading);
        List<String> headers = new ArrayList<>(leadingHeaders);
        headers.addAll(HEADERS);
        return new Report.Table(headers, t.rows(), t.flaggedRows());
    }

    static String verdict(PredictionCheck c) {
        return switch (c.verdict()) {
            case AGREES -> "agrees";
            case DISAGREES -> "DISAGREES (more than " + Math.round(PredictionCheck.TOLERANCE * 100) + " % off)";
            case NOT_REACHED -> "not reached";
        };
    }

    /** A sentence per disagreement, for the findings; never left out. */
    static List<String> disagreements(String prefix, List<PredictionCheck> checks) {
        return checks.stream().filter(PredictionCheck::disagrees).map(c -> String.format(Locale.ROOT,
                "%sThe model and the measurement disagree on the %s: predicted %s, measured %s%s (%s).", prefix,
                c.quantity(), Format.value(c.predicted(), c.unit()), Format.value(c.measured(), c.unit()),
                c.diffPercent() == null ? "" : ", " + Format.percent(c.diffPercent()), c.note())).toList();
    }
}
