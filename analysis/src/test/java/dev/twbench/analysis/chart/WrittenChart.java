package dev.twbench.analysis.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** A chart file as a reader would open it: the PNG decoded, the SVG parsed. */
final class WrittenChart {
    private WrittenChart() {
    }

    /** The PNG decodes to the chart size; the SVG is well-formed XML with an svg root. */
    static void assertReadable(ChartFile file) throws Exception {
        assertTrue(Files.size(file.png()) > 0, file.png() + " is empty");
        BufferedImage image = ImageIO.read(file.png().toFile());
        assertNotNull(image, file.png() + " does not decode as an image");
        assertEquals(ChartStyle.WIDTH_PX, image.getWidth(), file.name());
        assertEquals(ChartStyle.HEIGHT_PX, image.getHeight(), file.name());
        Document svg = svg(file);
        assertEquals("svg", svg.getDocumentElement().getTagName(), file.name());
        assertEquals(ChartStyle.WIDTH_PX + "px", svg.getDocumentElement().getAttribute("width"), file.name());
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
