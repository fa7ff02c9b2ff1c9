package dev.twbench.analysis.chart;

/**
 * Charts are drawn on servers and in CI, without a display: AWT must be told before its first
 * use, since it reads the property once.
 */
final class Headless {
    private Headless() {
    }

    static void ensure() {
        // A caller that chose otherwise (a desktop viewer) keeps its choice.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
