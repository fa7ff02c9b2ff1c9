package dev.twbench.loadgen.sys;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A set of CPUs in the kernel's list syntax ({@code 0-3,6}), as {@code taskset -c} takes it and
 * {@code /proc/<pid>/status} shows it ({@code Cpus_allowed_list}).
 *
 * <pre>{@code
 * CpuList mine = CpuList.allowedToThisProcess();        // 0-1
 * List<CpuList> halves = mine.split(2);                 // [0, 1]
 * }</pre>
 */
public record CpuList(List<Integer> cpus) {
    public CpuList {
        cpus = List.copyOf(new TreeSet<>(cpus));
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("no CPU");
        }
    }

    /**
     * From the list syntax: numbers and ranges, comma-separated.
     *
     * @throws IllegalArgumentException not that syntax, or a range running backwards
     */
    public static CpuList parse(String text) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            if (!part.matches("\\d{1,4}(-\\d{1,4})?")) {
                throw new IllegalArgumentException("'" + text + "' is not a CPU list (like 0-3,6)");
            }
            String[] ends = part.split("-");
            int from = Integer.parseInt(ends[0]);
            int to = ends.length == 2 ? Integer.parseInt(ends[1]) : from;
            if (to < from) {
                throw new IllegalArgumentException("'" + text + "' has a range running backwards: " + part);
            }
            for (int cpu = from; cpu <= to; cpu++) {
                cpus.add(cpu);
            }
        }
        return new CpuList(cpus);
    }

    /** The CPUs this process may run on. */
    public static CpuList allowedToThisProcess() throws IOException {
        String status = ProcFiles.read(Path.of("/proc/self/status"));
        return status.lines().filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst()
                .map(l -> parse(l.substring("Cpus_allowed_list:".length()).strip()))
                .orElseThrow(() -> new IOException("no Cpus_allowed_list in /proc/self/status"));
    }

    /** {@code parts} consecutive shares, as even as they come (the first ones larger); needs as many CPUs. */
    public List<CpuList> split(int parts) {
        if (parts < 1 || parts > cpus.size()) {
            throw new IllegalArgumentException(cpus.size() + " CPUs cannot be split in " + parts);
        }
        List<CpuList> shares = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < parts; i++) {
            int size = cpus.size() / parts + (i < cpus.size() % parts ? 1 : 0);
            shares.add(new CpuList(cpus.subList(from, from + size)));
            from += size;
        }
        return shares;
    }

    public boolean containsAll(CpuList other) {
        return cpus.containsAll(other.cpus);
    }

    /** The list syntax, ranges collapsed: {@code 0-3,6}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < cpus.size()) {
            int j = i;
            while (j + 1 < cpus.size() && cpus.get(j + 1) == cpus.get(j) + 1) {
                j++;
            }
            parts.add(i == j ? cpus.get(i).toString() : cpus.get(i) + "-" + cpus.get(j));
            i = j + 1;
        }
        return parts.stream().collect(Collectors.joining(","));
    }
}
