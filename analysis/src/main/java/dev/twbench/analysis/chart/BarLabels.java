package dev.twbench.analysis.chart;

import java.awt.font.FontRenderContext;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.CategoryStyler;

/**
 * How a bar chart's size and category labels are set so that every bar keeps its label. XChart 4
 * thins category labels out by itself: once bars stand closer than its tick spacing hint (74 px)
 * it labels only every second or third one, which left half the bars of an 18-bar JMH chart
 * unnamed. Here the labels are measured first: side by side if they fit, else upright (the chart
 * grows by their length, so the bars keep their height), else upright on a wider chart; then
 * XChart's thinning is turned off.
 *
 * <pre>{@code
 * BarLabels labels = BarLabels.fitting(List.of("client-first/epoll", "client-first/nio", ...));
 * CategoryChart chart = ChartStyle.bars("title", "close / transport", "ops/s", labels);
 * chart.addSeries("score", labels.categories(), scores);
 * }</pre>
 *
 * @param categories      the categories as XChart is to be given them (see {@link #fitting})
 * @param rotationDegrees 0 (side by side) or 90 (upright)
 */
record BarLabels(List<String> categories, int widthPx, int heightPx, int rotationDegrees) {
    /**
     * The part of a chart's width that is not plot (y axis title and labels, padding): taken
     * high, so that the room each bar gets is never overestimated.
     */
    static final int BESIDE_PLOT_PX = 170;
    /** Each label gets this much more room than its own size, so neighbours do not touch. */
    static final double ROOM = 1.2;

    private static final FontRenderContext CONTEXT = new FontRenderContext(null, true, true);

    /**
     * Upright labels come back with the widest one led by spaces, if need be, so that it is also
     * the longest in characters: XChart makes room under the axis for the label with the most
     * characters, not the widest, and cut off the end of wider ones ("simultaneous/io_urir"
     * under a band sized for "client-first/io_uring"). The spaces fall below the label, where
     * nothing is drawn; {@link DrawnTicks} and {@link SvgText} leave them out.
     */
    static BarLabels fitting(List<String> categories) {
        double widestPx = 0;
        int widest = 0;
        for (int i = 0; i < categories.size(); i++) {
            double px = ChartStyle.TICK_LABEL_FONT.getStringBounds(categories.get(i), CONTEXT).getWidth();
            if (px > widestPx) {
                widestPx = px;
                widest = i;
            }
        }
        double lineHeightPx = ChartStyle.TICK_LABEL_FONT.getLineMetrics("Xg", CONTEXT).getHeight();
        double perBarPx = plotWidthPx(ChartStyle.WIDTH_PX) / Math.max(1, categories.size());
        if (widestPx * ROOM <= perBarPx) {
            return new BarLabels(categories, ChartStyle.WIDTH_PX, ChartStyle.HEIGHT_PX, 0);
        }
        List<String> upright = longestWidest(categories, widest);
        int heightPx = ChartStyle.HEIGHT_PX + (int) Math.ceil(Math.max(0, widestPx - lineHeightPx));
        if (lineHeightPx * ROOM <= perBarPx) {
            return new BarLabels(upright, ChartStyle.WIDTH_PX, heightPx, 90);
        }
        int widthPx = (int) Math.ceil(categories.size() * lineHeightPx * ROOM / plotContentShare() + BESIDE_PLOT_PX);
        return new BarLabels(upright, widthPx, heightPx, 90);
    }

    private static List<String> longestWidest(List<String> categories, int widest) {
        int longest = categories.stream().mapToInt(String::length).max().orElse(0);
        String padded = categories.get(widest);
        if (padded.length() < longest || categories.stream().filter(c -> c.length() == longest).count() > 1) {
            padded = " ".repeat(longest + 1 - padded.length()) + padded;
        }
        List<String> drawn = new ArrayList<>(categories);
        drawn.set(widest, padded);
        return List.copyOf(drawn);
    }

    /** Rotation and alignment; XChart's thinning off, since these labels were measured to fit. */
    void applyTo(CategoryChart chart) {
        CategoryStyler styler = chart.getStyler();
        styler.setXAxisLabelRotation(rotationDegrees);
        // Upright labels hang from the axis, each ending under its bar, whatever its length.
        styler.setXAxisLabelAlignmentVertical(AxesChartStyler.TextAlignment.Right);
        styler.setXAxisTickMarkSpacingHint(1);
    }

    private static double plotWidthPx(int chartWidthPx) {
        return plotContentShare() * (chartWidthPx - BESIDE_PLOT_PX);
    }

    /** The share of the plot XChart gives its content (the bars), the rest being margin. */
    private static double plotContentShare() {
        return new CategoryStyler().getPlotContentSize();
    }
}
