// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws the PNG plots of a training run with XChart; callers run headless. */
final class ExperimentPlots {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 600;
    private static final int HISTOGRAM_BINS = 30;
    private static final int CURVE_POINTS = 300;
    private static final int GRID = 60;
    private static final int LEVELS = 10;

    private ExperimentPlots() {}

    /**
     * Plots a 1-D learned density over a density-normalized histogram of the data, with the true
     * density when it is known.
     *
     * @param file the PNG file
     * @param data the 1-D data
     * @param learnedLogDensity the model's log-density at each point of an array
     * @param trueLogDensity the true log-density at a point, or null when unknown
     */
    static void density1d(
            Path file,
            double[] data,
            java.util.function.Function<double[], double[]> learnedLogDensity,
            ToDoubleFunction<Double> trueLogDensity)
            throws IOException {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double value : data) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        double pad = Math.max(0.25 * (max - min), 1e-3);
        double low = min - pad;
        double high = max + pad;

        // Histogram heights are counts / (n · bin width), so the bars integrate to 1.
        double width = (max - min) / HISTOGRAM_BINS;
        if (width <= 0) {
            width = 1e-3;
        }
        double[] counts = new double[HISTOGRAM_BINS];
        for (double value : data) {
            int bin = Math.min(HISTOGRAM_BINS - 1, (int) ((value - min) / width));
            counts[bin] += 1.0 / (data.length * width);
        }
        double[] edges = new double[HISTOGRAM_BINS + 1];
        double[] heights = new double[HISTOGRAM_BINS + 1];
        for (int b = 0; b <= HISTOGRAM_BINS; b++) {
            edges[b] = min + b * width;
            heights[b] = counts[Math.min(b, HISTOGRAM_BINS - 1)];
        }

        double[] grid = new double[CURVE_POINTS];
        for (int i = 0; i < CURVE_POINTS; i++) {
            grid[i] = low + (high - low) * i / (CURVE_POINTS - 1);
        }
        double[] learned = learnedLogDensity.apply(grid);
        for (int i = 0; i < learned.length; i++) {
            learned[i] = Math.exp(learned[i]);
        }

        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title("Learned density")
                        .xAxisTitle("x")
                        .yAxisTitle("density")
                        .build();
        XYSeries histogram = chart.addSeries("data histogram", edges, heights);
        histogram.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        histogram.setMarker(SeriesMarkers.NONE);
        chart.addSeries("flow", grid, learned).setMarker(SeriesMarkers.NONE);
        if (trueLogDensity != null) {
            double[] truth = new double[CURVE_POINTS];
            for (int i = 0; i < CURVE_POINTS; i++) {
                truth[i] = Math.exp(trueLogDensity.applyAsDouble(grid[i]));
            }
            chart.addSeries("true density", grid, truth).setMarker(SeriesMarkers.NONE);
        }
        save(chart, file);
    }

    /**
     * Plots a 2-D learned density as a heatmap of {@value #LEVELS} shades over a {@value #GRID}
     * square grid, with the data points drawn on top.
     *
     * @param file the PNG file
     * @param data the 2-D data, one row per point
     * @param names the two feature names, for the axis titles
     * @param learnedLogDensity the model's log-density at each row of an array
     */
    static void density2d(
            Path file,
            double[][] data,
            List<String> names,
            java.util.function.Function<double[][], double[]> learnedLogDensity)
            throws IOException {
        double[] low = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] high = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double[] row : data) {
            for (int j = 0; j < 2; j++) {
                low[j] = Math.min(low[j], row[j]);
                high[j] = Math.max(high[j], row[j]);
            }
        }
        for (int j = 0; j < 2; j++) {
            double pad = Math.max(0.1 * (high[j] - low[j]), 1e-3);
            low[j] -= pad;
            high[j] += pad;
        }
        double[][] grid = new double[GRID * GRID][];
        for (int i = 0; i < GRID; i++) {
            for (int k = 0; k < GRID; k++) {
                grid[i * GRID + k] =
                        new double[] {
                            low[0] + (high[0] - low[0]) * (i + 0.5) / GRID,
                            low[1] + (high[1] - low[1]) * (k + 0.5) / GRID
                        };
            }
        }
        double[] logDensity = learnedLogDensity.apply(grid);
        double peak = Double.NEGATIVE_INFINITY;
        for (double value : logDensity) {
            peak = Math.max(peak, value);
        }

        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title("Learned density and data")
                        .xAxisTitle(names.get(0))
                        .yAxisTitle(names.get(1))
                        .build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);

        // Shade each cell by density relative to the peak; the lowest level stays white.
        int plotWidth = WIDTH - 120;
        int plotHeight = HEIGHT - 120;
        Marker tile = new Tile(plotWidth / (double) GRID + 1, plotHeight / (double) GRID + 1);
        for (int level = 1; level < LEVELS; level++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int c = 0; c < grid.length; c++) {
                double relative = Math.exp(logDensity[c] - peak);
                int cellLevel = Math.min(LEVELS - 1, (int) (relative * LEVELS));
                if (cellLevel == level) {
                    xs.add(grid[c][0]);
                    ys.add(grid[c][1]);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            XYSeries series = chart.addSeries("level " + level, xs, ys);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(tile);
            float shade = level / (float) (LEVELS - 1);
            series.setMarkerColor(new Color(1f, 1f - 0.8f * shade, 1f - shade));
        }
        double[] xs = new double[data.length];
        double[] ys = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            xs[i] = data[i][0];
            ys[i] = data[i][1];
        }
        XYSeries points = chart.addSeries("data", xs, ys);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(new Dot());
        points.setMarkerColor(new Color(0, 0, 120));
        chart.getStyler().setXAxisMin(low[0]).setXAxisMax(high[0]);
        chart.getStyler().setYAxisMin(low[1]).setYAxisMax(high[1]);
        save(chart, file);
    }

    /**
     * Plots the loss of every iteration across all stages, with iterations numbered on from one
     * stage to the next.
     *
     * @param file the PNG file
     * @param stageNames the optimizer of each stage
     * @param stageLosses the losses of each stage
     */
    static void lossCurve(Path file, List<String> stageNames, List<List<Double>> stageLosses)
            throws IOException {
        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title("Training loss")
                        .xAxisTitle("iteration")
                        .yAxisTitle("loss (mean negative log-likelihood, nats)")
                        .build();
        int offset = 0;
        for (int s = 0; s < stageLosses.size(); s++) {
            List<Double> losses = stageLosses.get(s);
            if (losses.isEmpty()) {
                continue;
            }
            double[] x = new double[losses.size()];
            double[] y = new double[losses.size()];
            for (int i = 0; i < losses.size(); i++) {
                x[i] = offset + i + 1;
                y[i] = losses.get(i);
            }
            offset += losses.size();
            chart.addSeries((s + 1) + ": " + stageNames.get(s), x, y).setMarker(SeriesMarkers.NONE);
        }
        save(chart, file);
    }

    private static void save(XYChart chart, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** A filled rectangle of fixed pixel size, one heatmap cell. */
    private static final class Tile extends Marker {
        private final double width;
        private final double height;

        Tile(double width, double height) {
            this.width = width;
            this.height = height;
        }

        @Override
        public void paint(Graphics2D g, double x, double y, int markerSize) {
            g.fill(new Rectangle2D.Double(x - width / 2, y - height / 2, width, height));
        }
    }

    /** A filled circle of 4 pixels, one data point. */
    private static final class Dot extends Marker {
        @Override
        public void paint(Graphics2D g, double x, double y, int markerSize) {
            g.fill(new Ellipse2D.Double(x - 2, y - 2, 4, 4));
        }
    }
}
