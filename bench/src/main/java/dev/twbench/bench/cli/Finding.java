package dev.twbench.bench.cli;

/**
 * One thing {@code doctor} found.
 *
 * @param area       system, lab, transports, sysctls, limits, capacity
 * @param check      what was looked at
 * @param status     {@code ok}, {@code warn} (worth acting on) or {@code info}
 * @param value      what was found, as read
 * @param suggestion what to do about it, or what it means; empty when nothing needs saying
 */
record Finding(String area, String check, String status, String value, String suggestion) {
    static Finding ok(String area, String check, String value, String suggestion) {
        return new Finding(area, check, "ok", value, suggestion);
    }

    static Finding warn(String area, String check, String value, String suggestion) {
        return new Finding(area, check, "warn", value, suggestion);
    }

    static Finding info(String area, String check, String value, String suggestion) {
        return new Finding(area, check, "info", value, suggestion);
    }
}
