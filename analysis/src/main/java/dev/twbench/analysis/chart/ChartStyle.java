package dev.twbench.analysis.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.colors.ColorBlindFriendlySeriesColors;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The one look of every twbench chart: size, fonts, colours, legend. Charts are made here, never
 * with XChart's builders directly, so that a report's charts sit side by side at the same scale.
 *
 * <pre>{@code
 * XYChart chart = ChartStyle.xy("TIME_WAIT, client", "time since load start (s)", "sockets");
 * ChartStyle.line(chart.addSeries("TIME_WAIT", seconds, levels), 0);
 * ChartFile file = ChartWriter.write(chart, "timewait-client", chartsDir);
 * }</pre>
 */
public final class ChartStyle {
    public static final int WIDTH_PX = 900;
    public static final int HEIGHT_PX = 450;
    public static final String TIME_AXIS = "time since load start (s)";

    /** Limits and markers: dashed, so they never read as measured data. */
    public static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {8f, 6f}, 0f);
    public static final BasicStroke DOTTED = new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND,
            10f, new float[] {2f, 5f}, 0f);
    public static final Color MARKER_GREY = new Color(90, 90, 90);
    /** The name of {@link #roundTimeTicks}'s invisible series. */
    public static final String TICK_SPACER = "tick spacer";

    private static final String FONT = Font.SANS_SERIF;
    private static final Font TITLE_FONT = new Font(FONT, Font.BOLD, 17);
    /** Values on a y axis, and printed on bars: thousands separated, up to three decimals. */
    static final String Y_DECIMAL_PATTERN = "#,##0.###";
    /** The axes' tick labels: {@link BarLabels} measures category labels in it. */
    static final Font TICK_LABEL_FONT = new Font(FONT, Font.PLAIN, 13);
    private static final Color[] PALETTE = new ColorBlindFriendlySeriesColors().getSeriesColors();

    static {
        Headless.ensure();
    }

    private ChartStyle() {
    }

    public static XYChart xy(String title, String xAxisTitle, String yAxisTitle) {
        return xy(title, xAxisTitle, yAxisTitle, WIDTH_PX, HEIGHT_PX);
    }

    /** A chart of another size: one of a set of small multiples, in the same look. */
    public static XYChart xy(String title, String xAxisTitle, String yAxisTitle, int widthPx, int heightPx) {
        XYChart chart = new XYChartBuilder().width(widthPx).height(heightPx).title(title)
                .xAxisTitle(xAxisTitle).yAxisTitle(yAxisTitle).build();
        common(chart.getStyler());
        chart.getStyler().setMarkerSize(0);
        return chart;
    }

    /**
     * A bar chart sized, and its category labels turned, so that every bar keeps its label; its
     * series take {@code labels.categories()} (see {@link BarLabels}).
     */
    static CategoryChart bars(String title, String xAxisTitle, String yAxisTitle, BarLabels labels) {
        CategoryChart chart = new CategoryChartBuilder().width(labels.widthPx()).height(labels.heightPx()).title(title)
                .xAxisTitle(xAxisTitle).yAxisTitle(yAxisTitle).build();
        common(chart.getStyler());
        // Values printed on the bars: comparisons are read as numbers, not only as heights.
        chart.getStyler().setAvailableSpaceFill(0.6).setLabelsVisible(true);
        chart.getStyler().setLabelsFont(new Font(FONT, Font.PLAIN, 13));
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsFontColor(Color.BLACK);
        chart.getStyler().setLabelsPosition(1.02);
        chart.getStyler().setErrorBarsColor(MARKER_GREY);
        chart.getStyler().setErrorBarsColorSeriesColor(false);
        labels.applyTo(chart);
        return chart;
    }

    /**
     * Counts and rates start at zero; an all-zero chart gets a unit of height, else XChart draws
     * a single tick and the zero line floats mid-plot.
     */
    public static void fromZero(AxesChartStyler styler, double dataMax) {
        styler.setYAxisMin(0.0);
        if (!(dataMax > 0)) {
            styler.setYAxisMax(1.0);
        }
    }

    /** The palette's {@code index}-th colour, opaque, so that stacked areas do not blend. */
    public static Color color(int index) {
        Color c = PALETTE[index % PALETTE.length];
        return new Color(c.getRed(), c.getGreen(), c.getBlue());
    }

    /** A bar series in the palette's {@code index}-th colour. */
    public static CategorySeries bars(CategorySeries series, int index) {
        series.setFillColor(color(index));
        series.setLineColor(color(index));
        return series;
    }

    /** A measured series: a solid line in the palette's {@code index}-th colour, no markers. */
    public static XYSeries line(XYSeries series, int index) {
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color(index));
        series.setLineWidth(2f);
        return series;
    }

    /**
     * A measured series with few points: each one marked, so a reader tells the measurements from
     * the line that only joins them.
     */
    public static XYSeries withPoints(XYChart chart, XYSeries series) {
        chart.getStyler().setMarkerSize(7);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setMarkerColor(series.getLineColor());
        return series;
    }

    /** A limit or target: a dashed line. */
    public static XYSeries limit(XYSeries series, int index) {
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color(index));
        series.setLineStyle(DASHED);
        return series;
    }

    /** A moment (e.g. the drain's start): a dotted grey line. */
    public static XYSeries marker(XYSeries series) {
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(MARKER_GREY);
        series.setLineStyle(DOTTED);
        return series;
    }

    /**
     * To call once a time chart has all its series. When every x value is evenly spaced (a run
     * whose ticks were all on time), XChart puts its labels on the samples themselves rather than
     * on round numbers: every 0.1 s on a short run, or 1.3, 2.6, ... on a long one. One invisible
     * point 1 ms past the last sample breaks the spacing, and the axis gets round steps.
     */
    public static void roundTimeTicks(XYChart chart) {
        double lastSecond = Double.NEGATIVE_INFINITY;
        double anyY = Double.NaN;
        for (XYSeries s : chart.getSeriesCollection()) {
            for (int i = 0; i < s.getXData().length; i++) {
                lastSecond = Math.max(lastSecond, s.getXData()[i]);
                anyY = Double.isNaN(anyY) ? s.getYData()[i] : anyY;
            }
        }
        if (Double.isFinite(lastSecond) && !Double.isNaN(anyY)) {
            XYSeries tick = chart.addSeries(TICK_SPACER, new double[] {lastSecond + 0.001}, new double[] {anyY});
            tick.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            tick.setMarker(SeriesMarkers.NONE);
            tick.setShowInLegend(false);
        }
    }

    /**
     * The first of {@code titles} that fits the chart's width (XChart cuts a title that does not),
     * else the last one: for titles that carry a note, from the fullest to the shortest.
     */
    public static String fittingTitle(String... titles) {
        FontRenderContext context = new FontRenderContext(null, true, true);
        for (String title : titles) {
            if (TITLE_FONT.getStringBounds(title, context).getWidth() <= WIDTH_PX - 40) {
                return title;
            }
        }
        return titles[titles.length - 1];
    }

    /** Thousands separated, the same way whatever the machine's locale. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static void common(AxesChartStyler s) {
        s.setLocale(Locale.ROOT);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(160, 160, 160));
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setChartFontColor(Color.BLACK);
        s.setAxisTickLabelsColor(new Color(40, 40, 40));
        s.setChartTitleFont(TITLE_FONT);
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(new Font(FONT, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(TICK_LABEL_FONT);
        s.setLegendFont(new Font(FONT, Font.PLAIN, 13));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setLegendSeriesLineLength(28);
        s.setChartPadding(12);
        s.setSeriesColors(PALETTE);
        s.setYAxisDecimalPattern(Y_DECIMAL_PATTERN);
        s.setXAxisDecimalPattern("#,##0.#");
        s.setAntiAlias(true);
        s.setTextAntiAlias(true);
    }
}
