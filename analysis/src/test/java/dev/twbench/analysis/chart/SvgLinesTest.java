package dev.twbench.analysis.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SvgLinesTest {
    private static String line(String style, double x1, double y1, double x2, double y2) {
        return "<line style=\"" + style + "\" x1=\"" + x1 + "\" x2=\"" + x2 + "\" y1=\"" + y1 + "\" y2=\"" + y2 + "\"/>";
    }

    @Test
    void segmentsThatContinueOneAnotherBecomeOnePolyline() {
        String svg = "<g>\n  " + line("stroke:red;", 1, 2, 3.004, 4) + "\n  " + line("stroke:red;", 3.004, 4, 5, 6.5)
                + "\n  " + line("stroke:red;", 5, 6.5, 7.12345, 8) + "\n</g>";
        assertEquals("<g>\n  <polyline style=\"stroke:red;stroke-linejoin:round;\" points=\"1,2 3,4 5,6.5 7.12,8\"/>\n</g>", SvgLines.join(svg));
    }

    @Test
    void aBreakInTheCurveAnotherStyleOrALoneSegmentIsKept() {
        String gap = line("stroke:red;", 0, 0, 1, 1) + line("stroke:red;", 2, 2, 3, 3);
        assertEquals(gap, SvgLines.join(gap), "the second does not start where the first ended");
        String styles = line("stroke:red;", 0, 0, 1, 1) + line("stroke:blue;", 1, 1, 2, 2);
        assertEquals(styles, SvgLines.join(styles));
        String apart = line("stroke:red;", 0, 0, 1, 1) + "<g>" + line("stroke:red;", 1, 1, 2, 2) + "</g>";
        assertEquals(apart, SvgLines.join(apart), "segments in different groups stay apart");
    }
}
