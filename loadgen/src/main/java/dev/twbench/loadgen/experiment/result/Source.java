package dev.twbench.loadgen.experiment.result;

import com.fasterxml.jackson.annotation.JsonValue;

/** The documents the claims come from. */
public enum Source {
    IBM_ZOS("IBM z/OS Communications Server, IP Sockets API Guide:"
            + " \"Active and passive closing in an iterative server program\""),
    ADDRINUSE("\"Bind: Address Already in Use\" (hea-www.harvard.edu/~fine/Tech/addrinuse.html)"),
    /** Folklore and kernel documentation the tool's users bring with them. */
    OPERATORS("operators' folklore and the Linux ip-sysctl documentation");

    private final String title;

    Source(String title) {
        this.title = title;
    }

    @JsonValue
    public String title() {
        return title;
    }
}
