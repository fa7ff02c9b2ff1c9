package dev.twbench.analysis.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** A chart file as a reader would open it: the PNG decoded, the SVG parsed. */
final class WrittenChart {
    private WrittenChart() {
    }

    /** The PNG decodes to the chart size; the SVG is well-formed XML with an svg root. */
    static void assertReadable(ChartFile file) throws Exception {
        assertReadable(file, ChartStyle.WIDTH_PX, ChartStyle.HEIGHT_PX);
    }

    /** As {@link #assertReadable(ChartFile)}, for a chart made to another size (bars with long labels). */
    static void assertReadable(ChartFile file, int widthPx, int heightPx) throws Exception {
        assertTrue(Files.size(file.png()) > 0, file.png() + " is empty");
        BufferedImage image = ImageIO.read(file.png().toFile());
        assertNotNull(image, file.png() + " does not decode as an image");
        assertEquals(widthPx, image.getWidth(), file.name());
        assertEquals(heightPx, image.getHeight(), file.name());
        Document svg = svg(file);
        assertEquals("svg", svg.getDocumentElement().getTagName(), file.name());
        assertEquals(widthPx + "px", svg.getDocumentElement().getAttribute("width"), file.name());
    }

    /**
     * The labels along one axis ({@code "X"} or {@code "Y"}) as the SVG's description lists them
     * (see {@link SvgText}): what XChart drew there; empty if none.
     */
    static List<String> axisLabels(ChartFile file, String axis) throws Exception {
        String prefix = axis + " axis: ";
        return svgText(file).lines().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> List.of(l.substring(prefix.length()).split("; "))).orElse(List.of());
    }

    /** The outcomes that were drawn, by chart name. */
    static Map<String, ChartFile> drawn(List<ChartOutcome> outcomes) {
        Map<String, ChartFile> files = new LinkedHashMap<>();
        ChartOutcome.drawn(outcomes).forEach(f -> files.put(f.name(), f));
        return files;
    }

    /** The outcome named {@code name}; fails the test if there is none. */
    static ChartOutcome named(List<ChartOutcome> outcomes, String name) {
        return outcomes.stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no chart " + name + " in " + outcomes));
    }

    /** The SVG's title and description: what it says in words (its drawn text is outlines). */
    static String svgText(ChartFile file) throws Exception {
        Document svg = svg(file);
        return svg.getElementsByTagName("title").item(0).getTextContent() + "\n"
                + svg.getElementsByTagName("desc").item(0).getTextContent();
    }

    static Document svg(ChartFile file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // The SVG names the W3C DTD; tests must not go to the network for it.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setValidating(false);
        try {
            return factory.newDocumentBuilder().parse(file.svg().toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file.svg(), e);
        }
    }
}
