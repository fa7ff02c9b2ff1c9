package dev.twbench.loadgen.record;

import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;

/**
 * timeseries.csv read back column by column, so that a run of any length reads in a small heap
 * (an 8-hour run at 100 ms is 576,000 rows). Opening the file reads its header and, per row, only
 * when it was taken, which side and which phase; a column's values are loaded on demand, by
 * counter ({@link dev.twbench.loadgen.counter.Counters}) or header name, as one primitive array per
 * side, several columns in one pass over the file. What
 * is held is about 10 bytes a row, plus 8 bytes a row for each column loaded; nothing per row is
 * an object.
 *
 * <p>A row's side is any label: {@code client}, {@code server} and {@code router} in a one-machine
 * run ({@link #rows(Side)}), {@code server} and {@code client-1} ... {@code client-N} in a run across
 * hosts ({@link #rows(String)}, {@link #labels()}). The three {@link Side}s always have rows, empty
 * when the file has none of theirs, so a one-machine reader never meets a missing side.
 *
 * <p>A cell may be empty: the column does not apply to the side (client-only columns on server
 * rows) or was not read at that tick; {@link Column#has} tells. A column the file lacks (a run
 * recorded before twbench wrote it) loads as all empty; {@link #hasColumn} tells the two apart
 * from the header alone. A last line cut short (a run that was killed) is left out.
 *
 * <pre>{@code
 * TimeSeries series = TimeSeries.read(folder.timeSeriesCsv());
 * TimeSeries.Rows client = series.rows(Side.CLIENT);
 * TimeSeries.Columns loaded = series.load(Counters.TIME_WAIT, Counters.TW_ENTERED);   // one pass
 * TimeSeries.Column tw = loaded.get(Side.CLIENT, Counters.TIME_WAIT);
 * TimeSeries.Column host = loaded.get("client-2", Counters.TIME_WAIT);             // a fleet's host
 * for (int i = 0; i < client.size(); i++) {
 *     if (tw.has(i)) {
 *         plot(client.elapsedMs(i) / 1000.0, tw.get(i));
 *     }
 * }
 * }</pre>
 */
public final class TimeSeries {
    /** The file's mark for an empty cell; no count or level twbench writes comes near it. */
    private static final long EMPTY = Long.MIN_VALUE;
    private static final String ELAPSED = "elapsedMs";
    private static final String SIDE = "side";
    private static final String PHASE = "phase";
    private static final Phase[] PHASES = Phase.values();
    private static final byte[][] PHASE_LABELS = labels(Arrays.stream(PHASES).map(Phase::label).toList());
    /** A row's side is held as one byte, read unsigned: an index into the labels. */
    private static final int LABELS_MAX = 256;

    private final Path file;
    private final List<String> header;
    private final Map<String, Integer> indexOf;
    /** Each row's side (its label's index, unsigned), in file order: where a loaded cell goes. */
    private final byte[] sideOfRow;
    /** By label index: the three {@link Side}s first (in their order), then others as first met. */
    private final List<Rows> rows;
    /** The labels that have rows, in the order of their first row. */
    private final List<String> labels;

    private TimeSeries(Path file, List<String> header, byte[] sideOfRow, List<Rows> rows, List<String> labels) {
        this.file = file;
        this.header = header;
        this.sideOfRow = sideOfRow;
        this.rows = List.copyOf(rows);
        this.labels = List.copyOf(labels);
        this.indexOf = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            indexOf.putIfAbsent(header.get(i), i);
        }
    }

    /** A series with no header and no rows: a run folder without timeseries.csv. */
    public static TimeSeries empty() {
        return new TimeSeries(null, List.of(), new byte[0], Arrays.stream(Side.values())
                .map(side -> new Rows(side.label(), new long[0], new byte[0])).toList(), List.of());
    }

    /**
     * Reads the header and each row's time, side and phase.
     *
     * @throws IOException the file cannot be read, or a whole line is not a row of its header
     */
    public static TimeSeries read(Path csv) throws IOException {
        String[] headerLine = new String[1];
        Growing index = new Growing();
        CsvLines.forEach(csv, (line, from, to, number) -> {
            if (headerLine[0] == null) {
                headerLine[0] = new String(line, from, to - from, StandardCharsets.UTF_8);
                index.start(csv, List.of(headerLine[0].split(",", -1)));
                return true;
            }
            index.add(line, from, to, number);
            return true;
        });
        if (headerLine[0] == null) {
            return new TimeSeries(csv, List.of(), new byte[0], empty().rows, List.of());
        }
        return index.finish(csv);
    }

    /** The header's names, in file order. */
    public List<String> header() {
        return header;
    }

    /** Whether the file has this column (empty cells or not); a run recorded before it was added has not. */
    public boolean hasColumn(String name) {
        return indexOf.containsKey(name);
    }

    /** Whether the file has this counter's column. */
    public boolean hasColumn(Counter counter) {
        return hasColumn(counter.column());
    }

    /** Every row, every side. */
    public int size() {
        return sideOfRow.length;
    }

    /**
     * The sides that have rows, in the order of each one's first row: {@code [client, server]}, or a
     * run across hosts' {@code [server, client-1, client-2, client-3]}.
     */
    public List<String> labels() {
        return labels;
    }

    public Rows rows(Side side) {
        return rows.get(side.ordinal());
    }

    /** The rows whose side is {@code label}; none for a label the file does not have. */
    public Rows rows(String label) {
        int i = labelIndex(label);
        return i < 0 ? new Rows(label, new long[0], new byte[0]) : rows.get(i);
    }

    /** One column of one side: {@code load(name).get(side, name)}. */
    public Column column(Side side, String name) throws IOException {
        return load(name).get(side, name);
    }

    /** One column of the side labelled {@code label}: {@code load(name).get(label, name)}. */
    public Column column(String label, String name) throws IOException {
        return load(name).get(label, name);
    }

    /** One counter's column of one side. */
    public Column column(Side side, Counter counter) throws IOException {
        return column(side, counter.column());
    }

    /** Loads these counters' columns for every side in one pass over the file. */
    public Columns load(Counter... counters) throws IOException {
        return load(Arrays.stream(counters).map(Counter::column).toArray(String[]::new));
    }

    /**
     * Loads these columns for every side in one pass over the file. A name the header lacks
     * loads as all empty.
     *
     * @throws IOException the file cannot be read again, or a cell is not a whole number
     */
    public Columns load(String... names) throws IOException {
        List<String> distinct = Arrays.stream(names).distinct().toList();
        long[][][] values = new long[rows.size()][distinct.size()][];
        for (int s = 0; s < rows.size(); s++) {
            for (int c = 0; c < distinct.size(); c++) {
                values[s][c] = new long[rows.get(s).size()];
                Arrays.fill(values[s][c], EMPTY);
            }
        }
        List<String> present = distinct.stream().filter(this::hasColumn).toList();
        if (!present.isEmpty() && size() > 0) {
            fill(present, present.stream().mapToInt(distinct::indexOf).toArray(), values);
        }
        List<Map<String, Column>> columns = new ArrayList<>();
        for (int s = 0; s < rows.size(); s++) {
            Map<String, Column> c = new LinkedHashMap<>();
            for (int n = 0; n < distinct.size(); n++) {
                c.put(distinct.get(n), new Column(distinct.get(n), rows.get(s), values[s][n]));
            }
            columns.add(c);
        }
        return new Columns(this, columns);
    }

    /** @param slot for each present column, its place in {@code target[side]} */
    private void fill(List<String> present, int[] slot, long[][][] target) throws IOException {
        int[] cell = present.stream().mapToInt(indexOf::get).toArray();
        int[] ends = new int[Arrays.stream(cell).max().orElse(0) + 1];
        int[] next = new int[rows.size()];
        int[] row = {-1}; // the header first; rows appended since read() are not read
        CsvLines.forEach(file, (line, from, to, number) -> {
            if (row[0] >= 0) {
                int s = Byte.toUnsignedInt(sideOfRow[row[0]]);
                if (CsvLines.split(line, from, to, ends) < ends.length) {
                    throw new IOException(file + " changed since it was opened: line " + number + " is short");
                }
                int i = next[s]++;
                for (int c = 0; c < cell.length; c++) {
                    target[s][slot[c]][i] = parse(line, CsvLines.cellStart(from, ends, cell[c]), ends[cell[c]], number,
                            present.get(c));
                }
            }
            return ++row[0] < sideOfRow.length;
        });
        if (row[0] < sideOfRow.length) {
            throw new IOException(file + " has fewer rows than when it was opened (" + row[0] + " of "
                    + sideOfRow.length + ")");
        }
    }

    /** The label's index in {@link #rows}, or -1: the three sides first, then the others. */
    private int labelIndex(String label) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).label().equals(label)) {
                return i;
            }
        }
        return -1;
    }

    /** A whole number, or {@link #EMPTY} for an empty cell. */
    private static long parse(byte[] line, int from, int to, long number, String column) throws IOException {
        if (from == to) {
            return EMPTY;
        }
        boolean negative = line[from] == '-';
        int i = negative ? from + 1 : from;
        if (i == to || to - i > 18) {
            throw notANumber(line, from, to, number, column);
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                throw notANumber(line, from, to, number, column);
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    private static IOException notANumber(byte[] line, int from, int to, long number, String column) {
        return new IOException("timeseries.csv line " + number + ": " + column + " is '"
                + new String(line, from, to - from, StandardCharsets.UTF_8) + "', not a whole number");
    }

    private static int label(byte[] line, int from, int to, byte[][] labels) {
        for (int i = 0; i < labels.length; i++) {
            if (CsvLines.equals(line, from, to, labels[i])) {
                return i;
            }
        }
        return -1;
    }

    private static byte[][] labels(List<String> names) {
        return names.stream().map(n -> n.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    }

    /** One side's rows in file order: when each was taken and in which phase. */
    public static final class Rows {
        private final String label;
        private final long[] elapsedMs;
        private final byte[] phase;

        private Rows(String label, long[] elapsedMs, byte[] phase) {
            this.label = label;
            this.elapsedMs = elapsedMs;
            this.phase = phase;
        }

        /** The side as the file names it: {@code client}, {@code server}, {@code router}, {@code client-2}. */
        public String label() {
            return label;
        }

        public int size() {
            return elapsedMs.length;
        }

        public boolean isEmpty() {
            return elapsedMs.length == 0;
        }

        /** Milliseconds since Go (the load's start) at row {@code i}. */
        public long elapsedMs(int i) {
            return elapsedMs[i];
        }

        public Phase phase(int i) {
            return PHASES[phase[i]];
        }
    }

    /**
     * One column of one side, aligned with that side's {@link Rows}: value {@code i} is row
     * {@code i}'s cell.
     */
    public static final class Column {
        private final String name;
        private final Rows rows;
        private final long[] values;

        private Column(String name, Rows rows, long[] values) {
            this.name = name;
            this.rows = rows;
            this.values = values;
        }

        public String name() {
            return name;
        }

        /** The rows the values belong to (their times and phases). */
        public Rows rows() {
            return rows;
        }

        public int size() {
            return values.length;
        }

        /** Whether row {@code i}'s cell holds a value. */
        public boolean has(int i) {
            return values[i] != EMPTY;
        }

        /** @throws NoSuchElementException the cell is empty */
        public long get(int i) {
            if (values[i] == EMPTY) {
                throw new NoSuchElementException("empty cell: " + name + " of the " + rows.label()
                        + " at elapsedMs " + rows.elapsedMs(i));
            }
            return values[i];
        }

        public long orElse(int i, long other) {
            return values[i] == EMPTY ? other : values[i];
        }

        /** The time of the first row whose cell holds more than zero (of a count: the first interval it grew). */
        public OptionalLong firstNonZeroElapsedMs() {
            for (int i = 0; i < values.length; i++) {
                if (values[i] != EMPTY && values[i] > 0) {
                    return OptionalLong.of(rows.elapsedMs(i));
                }
            }
            return OptionalLong.empty();
        }

        /** The sum of the cells that hold a value (of a count column: the side's total). */
        public long sum() {
            long sum = 0;
            for (long v : values) {
                if (v != EMPTY) {
                    sum += v;
                }
            }
            return sum;
        }
    }

    /** The columns one {@link #load} read, by side and name. */
    public static final class Columns {
        private final TimeSeries series;
        /** By label index, as {@link TimeSeries#rows}. */
        private final List<Map<String, Column>> columns;

        private Columns(TimeSeries series, List<Map<String, Column>> columns) {
            this.series = series;
            this.columns = columns;
        }

        /** @throws IllegalArgumentException the counter's column was not asked for in the load */
        public Column get(Side side, Counter counter) {
            return get(side, counter.column());
        }

        /** @throws IllegalArgumentException the column was not asked for in the load */
        public Column get(Side side, String name) {
            return get(columns.get(side.ordinal()), name);
        }

        /** @throws IllegalArgumentException the counter's column was not asked for in the load */
        public Column get(String label, Counter counter) {
            return get(label, counter.column());
        }

        /**
         * The column of the side labelled {@code label}; empty for a label the file does not have.
         *
         * @throws IllegalArgumentException the column was not asked for in the load
         */
        public Column get(String label, String name) {
            int i = series.labelIndex(label);
            if (i < 0) {
                get(columns.get(0), name); // not loaded is said whatever the label
                return new Column(name, series.rows(label), new long[0]);
            }
            return get(columns.get(i), name);
        }

        private static Column get(Map<String, Column> bySide, String name) {
            Column c = bySide.get(name);
            if (c == null) {
                throw new IllegalArgumentException("column '" + name + "' was not loaded");
            }
            return c;
        }
    }

    /** The index being read: each row's time, side and phase, in arrays that grow. */
    private static final class Growing {
        private List<String> header;
        private int elapsedCell;
        private int sideCell;
        private int phaseCell;
        private int[] ends;
        private byte[] sideOfRow = new byte[1024];
        private int size;
        /** By label index: the three sides first, then each new label as it is first met. */
        private byte[][] labels = new byte[0][];
        private final List<String> firstSeen = new ArrayList<>();
        private long[][] elapsed = new long[0][];
        private byte[][] phase = new byte[0][];
        private int[] sideSize = new int[0];

        Growing() {
            for (Side side : Side.values()) {
                newLabel(side.label().getBytes(StandardCharsets.US_ASCII));
            }
        }

        void start(Path csv, List<String> header) throws IOException {
            this.header = header;
            elapsedCell = header.indexOf(ELAPSED);
            sideCell = header.indexOf(SIDE);
            phaseCell = header.indexOf(PHASE);
            if (elapsedCell < 0 || sideCell < 0 || phaseCell < 0) {
                throw new IOException(csv + " is not a twbench time series: its header lacks " + ELAPSED + ", "
                        + SIDE + " or " + PHASE);
            }
            ends = new int[header.size() + 1];
        }

        void add(byte[] line, int from, int to, long number) throws IOException {
            int cells = CsvLines.split(line, from, to, ends);
            if (cells != header.size()) {
                throw new IOException("timeseries.csv line " + number + " has " + (cells > header.size() ? "more than "
                        + header.size() : cells) + " cells; its header has " + header.size());
            }
            int sideFrom = CsvLines.cellStart(from, ends, sideCell);
            int p = label(line, CsvLines.cellStart(from, ends, phaseCell), ends[phaseCell], PHASE_LABELS);
            long ms = parse(line, CsvLines.cellStart(from, ends, elapsedCell), ends[elapsedCell], number, ELAPSED);
            if (sideFrom == ends[sideCell] || p < 0 || ms == EMPTY) {
                throw new IOException("timeseries.csv line " + number + ": no side, phase or " + ELAPSED);
            }
            int s = label(line, sideFrom, ends[sideCell], labels);
            if (s < 0) {
                if (labels.length == LABELS_MAX) {
                    throw new IOException("timeseries.csv line " + number + ": more than " + LABELS_MAX + " sides");
                }
                s = newLabel(Arrays.copyOfRange(line, sideFrom, ends[sideCell]));
            }
            if (sideSize[s] == 0) {
                firstSeen.add(new String(labels[s], StandardCharsets.UTF_8));
            }
            if (size == sideOfRow.length) {
                sideOfRow = Arrays.copyOf(sideOfRow, size * 2);
            }
            sideOfRow[size++] = (byte) s;
            int i = sideSize[s]++;
            if (i == elapsed[s].length) {
                elapsed[s] = Arrays.copyOf(elapsed[s], i * 2);
                phase[s] = Arrays.copyOf(phase[s], i * 2);
            }
            elapsed[s][i] = ms;
            phase[s][i] = (byte) p;
        }

        private int newLabel(byte[] label) {
            int s = labels.length;
            labels = Arrays.copyOf(labels, s + 1);
            labels[s] = label;
            elapsed = Arrays.copyOf(elapsed, s + 1);
            phase = Arrays.copyOf(phase, s + 1);
            sideSize = Arrays.copyOf(sideSize, s + 1);
            elapsed[s] = new long[1024];
            phase[s] = new byte[1024];
            return s;
        }

        TimeSeries finish(Path csv) {
            List<Rows> rows = new ArrayList<>();
            for (int s = 0; s < labels.length; s++) {
                int n = sideSize[s];
                rows.add(new Rows(new String(labels[s], StandardCharsets.UTF_8), Arrays.copyOf(elapsed[s], n),
                        Arrays.copyOf(phase[s], n)));
            }
            return new TimeSeries(csv, header, Arrays.copyOf(sideOfRow, size), rows, firstSeen);
        }
    }
}
