package dev.twbench.analysis.report;

import dev.twbench.analysis.chart.ChartOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * report.html: one self-contained file, charts inlined as PNG data URIs, so it survives being
 * mailed or attached to a ticket without its folder.
 */
public final class HtmlRenderer {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1000px;margin:2em auto;\
            padding:0 1em;color:#222;line-height:1.45}
            h1{margin-bottom:.2em}.sub{color:#666;margin-top:0}
            h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
            table{border-collapse:collapse;margin:.6em 0;font-size:.92em}
            th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
            th{background:#f3f3f3}tr.flag td{background:#fff1e6}td.num{text-align:right;white-space:nowrap}
            .scroll{overflow-x:auto;max-width:100%}
            .warn{background:#fff1e6;border-left:4px solid #e07000;padding:.4em .8em}
            figure{margin:1em 0}figure img{max-width:100%;border:1px solid #eee}
            figcaption{color:#555;font-size:.9em}code{background:#f6f6f6;padding:0 .2em}
            .nochart{border-left:4px solid #ddd;padding:.4em .8em;color:#444}
            .multiples>*{display:inline-block;width:49%;margin:.3em 0;vertical-align:top;box-sizing:border-box}
            """;

    /** A cell that is a number, with its unit or sign if any: 1,234 · -3.2 % · 5.0 s · +0.0 %. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?[0-9][0-9,]*(\\.[0-9]+)?( ?(%|s|ms|µs|/s))?");

    private HtmlRenderer() {
    }

    /** File links in the report are relative: report.html is written beside the files it names. */
    public static String render(Report report) {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(esc(report.title())).append("</title>\n<style>").append(STYLE).append("</style></head>\n<body>\n")
                .append("<h1>").append(esc(report.title())).append("</h1>\n<p class=\"sub\">")
                .append(esc(report.subtitle())).append("</p>\n");
        for (Report.Section section : report.sections()) {
            html.append("<h2>").append(esc(section.heading())).append("</h2>\n");
            section.blocks().forEach(b -> block(html, b));
        }
        return html.append("</body></html>\n").toString();
    }

    private static void block(StringBuilder html, Report.Block block) {
        if (block instanceof Report.Paragraph p) {
            html.append(p.warning() ? "<p class=\"warn\">" : "<p>").append(esc(p.text()))
                    .append("</p>\n");
        } else if (block instanceof Report.Bullets b) {
            html.append("<ul>\n");
            b.items().forEach(i -> html.append("<li>").append(esc(i)).append("</li>\n"));
            html.append("</ul>\n");
        } else if (block instanceof Report.Table t) {
            table(html, t);
        } else if (block instanceof Report.Figure f) {
            figure(html, f.chart());
        } else if (block instanceof Report.SmallMultiples m) {
            html.append("<div class=\"multiples\">\n");
            m.charts().forEach(c -> figure(html, c));
            html.append("</div>\n");
        } else if (block instanceof Report.FileList l) {
            html.append("<ul>\n");
            for (int i = 0; i < l.files().size(); i++) {
                String name = l.files().get(i).toString().replace('\\', '/');
                html.append("<li><a href=\"").append(esc(name)).append("\"><code>").append(esc(name))
                        .append("</code></a>: ").append(esc(l.descriptions().get(i))).append("</li>\n");
            }
            html.append("</ul>\n");
        }
    }

    /** A drawn chart inline; in place of one with nothing to draw, its title and the sentence why. */
    private static void figure(StringBuilder html, ChartOutcome chart) {
        if (chart instanceof ChartOutcome.Drawn drawn) {
            html.append("<figure><img alt=\"").append(esc(drawn.title()))
                    .append("\" src=\"data:image/png;base64,").append(base64(drawn.file().png())).append("\">")
                    .append("<figcaption>").append(esc(drawn.title())).append("</figcaption></figure>\n");
        } else if (chart instanceof ChartOutcome.Nothing nothing) {
            html.append("<p class=\"nochart\"><strong>").append(esc(nothing.title())).append(":</strong> ")
                    .append(esc(nothing.reason())).append("</p>\n");
        }
    }

    /** Wide tables scroll inside their box; numbers align right, so their digits line up. */
    private static void table(StringBuilder html, Report.Table t) {
        html.append("<div class=\"scroll\"><table>\n<tr>");
        t.headers().forEach(h -> html.append("<th>").append(esc(h)).append("</th>"));
        html.append("</tr>\n");
        for (int r = 0; r < t.rows().size(); r++) {
            html.append(t.flaggedRows().contains(r) ? "<tr class=\"flag\">" : "<tr>");
            t.rows().get(r).forEach(c -> html.append(NUMBER.matcher(c).matches() ? "<td class=\"num\">" : "<td>")
                    .append(esc(c)).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</table></div>\n");
    }

    private static String base64(Path png) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chart " + png, e);
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
