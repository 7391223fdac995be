package treant.worker;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.time.Millisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import treant.store.PricePoint;

/** Renders the gold price history as a PNG in-process (no chart service, works offline). */
public final class GoldChart {

    static final int WIDTH = 800;
    static final int HEIGHT = 400;
    private static final Color BACKGROUND = new Color(0x2B, 0x2D, 0x31); // Discord's dark theme
    private static final Color GRID = new Color(0x4E, 0x50, 0x58);
    private static final Color TEXT = new Color(0xDB, 0xDE, 0xE1);
    private static final Color LINE = new Color(0xFF, 0xD7, 0x00);

    static {
        // a worker has no display; AWT must not look for one
        System.setProperty("java.awt.headless", "true");
    }

    private GoldChart() {}

    /** @param oldestFirst recorded prices, oldest first; each point is drawn as the cost of {@code amount} gold */
    public static byte[] render(List<PricePoint> oldestFirst, int amount) {
        TimeSeries series = new TimeSeries("cost");
        for (PricePoint p : oldestFirst) {
            series.addOrUpdate(new Millisecond(Date.from(p.at())),
                    p.unitPrice().multiply(BigDecimal.valueOf(amount)).doubleValue());
        }
        String amountText = String.format(Locale.US, "%,d", amount);
        JFreeChart chart = ChartFactory.createTimeSeriesChart("Cost of " + amountText + " gold (USD)",
                "Time (UTC)", "USD", new TimeSeriesCollection(series), false, false, false);
        chart.setBackgroundPaint(BACKGROUND);
        chart.getTitle().setPaint(TEXT);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));

        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(BACKGROUND);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlineVisible(false);

        DateAxis time = (DateAxis) plot.getDomainAxis();
        SimpleDateFormat hours = new SimpleDateFormat("MMM d HH:mm", Locale.US);
        hours.setTimeZone(TimeZone.getTimeZone("UTC"));
        time.setDateFormatOverride(hours);
        time.setTimeZone(TimeZone.getTimeZone("UTC"));
        NumberAxis usd = (NumberAxis) plot.getRangeAxis();
        usd.setAutoRangeIncludesZero(false);
        usd.setNumberFormatOverride(NumberFormat.getCurrencyInstance(Locale.US));
        for (var axis : List.of(time, usd)) {
            axis.setLabelPaint(TEXT);
            axis.setTickLabelPaint(TEXT);
            axis.setAxisLinePaint(GRID);
            axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        }

        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, true);
        line.setSeriesPaint(0, LINE);
        line.setSeriesStroke(0, new BasicStroke(2.5f));
        plot.setRenderer(line);

        ByteArrayOutputStream png = new ByteArrayOutputStream(32 * 1024);
        try {
            ChartUtils.writeChartAsPNG(png, chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }
}
