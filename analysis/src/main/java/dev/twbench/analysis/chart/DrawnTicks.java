package dev.twbench.analysis.chart;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.internal.chartpart.AxesChart;
import org.knowm.xchart.internal.chartpart.Axis_;
import org.knowm.xchart.internal.chartpart.AxisTickCalculator;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The tick labels XChart drew on a chart's axes, read back once it has been painted: what a
 * reader sees along the axes. XChart draws them as outlines, not text, so the SVG's description
 * lists them (see {@link SvgText}), and a test can tell a label drawn from one XChart left out.
 * XChart keeps its axes package-private: they are reached by reflection, and an XChart that
 * moved them gives no labels (a test of them then fails, rather than a chart not being written).
 *
 * <pre>{@code
 * ChartEncoder.getBytes(chart, "svg");     // painting computes the ticks
 * DrawnTicks.x(chart);                      // [0, 10, 20, 30, 40, 50, 60]
 * }</pre>
 */
final class DrawnTicks {
    private DrawnTicks() {
    }

    /** The x axis' labels, left to right; empty for a chart without axes or not yet painted. */
    static List<String> x(Chart<?, ?> chart) {
        return labels(chart, "getXAxis", true);
    }

    /** The (left) y axis' labels, bottom to top. */
    static List<String> y(Chart<?, ?> chart) {
        return labels(chart, "getYAxis", false);
    }

    private static List<String> labels(Chart<?, ?> chart, String getter, boolean horizontal) {
        if (!(chart instanceof AxesChart<?, ?>)) {
            return List.of();
        }
        Axis_<?, ?> axis;
        try {
            Method method = AxesChart.class.getDeclaredMethod(getter);
            method.setAccessible(true);
            axis = (Axis_<?, ?>) method.invoke(chart);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | RuntimeException e) {
            return List.of();
        }
        AxisTickCalculator ticks = axis == null ? null : axis.getAxisTickCalculator();
        if (ticks == null) {
            return List.of();
        }
        // As XChart's AxisTickLabels paints them: a null or empty label is a bare tick (a log
        // axis' 3 to 9), and a tick outside the axis' length is not drawn.
        double lengthPx = horizontal ? axis.getBounds().getWidth() : axis.getBounds().getHeight();
        List<String> drawn = new ArrayList<>();
        for (int i = 0; i < ticks.getTickLabels().size(); i++) {
            String label = ticks.getTickLabels().get(i);
            double at = ticks.getTickLocations().get(i);
            if (label != null && !label.isBlank() && at > 0 && at < lengthPx) {
                drawn.add(label.strip()); // BarLabels may lead one with spaces, which draw nothing
            }
        }
        return drawn;
    }
}
