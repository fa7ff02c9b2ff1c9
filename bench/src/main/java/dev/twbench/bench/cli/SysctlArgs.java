package dev.twbench.bench.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A run's argument list with its sysctl flags taken out: {@code --sysctl}, {@code --client-sysctl}
 * and {@code --server-sysctl}, under any name {@code run} gives them, as {@code --flag VALUE} or
 * {@code --flag=VALUE}. Options are recognised as {@code run} recognises them, so the value of
 * another option is never taken for a flag ({@code --name --sysctl} is a name).
 *
 * <pre>{@code
 * SysctlArgs s = SysctlArgs.split(List.of("--rate", "300", "--client-sysctl", "net.ipv4.tcp_tw_reuse=1"));
 * s.others();  // [--rate, 300]
 * s.client();  // [net.ipv4.tcp_tw_reuse=1]
 * }</pre>
 *
 * @param others every other argument, in order, as given
 * @param both   the values of --sysctl, in order
 * @param client those of --client-sysctl
 * @param server those of --server-sysctl
 */
record SysctlArgs(List<String> others, List<String> both, List<String> client, List<String> server) {
    SysctlArgs {
        others = List.copyOf(others);
        both = List.copyOf(both);
        client = List.copyOf(client);
        server = List.copyOf(server);
    }

    static SysctlArgs split(List<String> args) {
        CommandSpec run = RunOptions.spec();
        List<String> others = new ArrayList<>();
        List<String> both = new ArrayList<>();
        List<String> client = new ArrayList<>();
        List<String> server = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            OptionSpec option = arg.startsWith("-") ? run.findOption(eq > 0 ? arg.substring(0, eq) : arg) : null;
            boolean valueFollows = eq < 0 && option != null && option.arity().max() > 0 && i + 1 < args.size();
            List<String> sysctls = option == null ? null : switch (option.longestName()) {
                case "--sysctl" -> both;
                case "--client-sysctl" -> client;
                case "--server-sysctl" -> server;
                default -> null;
            };
            if (sysctls != null && (eq > 0 || valueFollows)) {
                sysctls.add(eq > 0 ? arg.substring(eq + 1) : args.get(++i));
                continue;
            }
            // Anything else stays as given, an option with its value: what run refuses, its own parser names.
            others.add(arg);
            if (valueFollows) {
                others.add(args.get(++i));
            }
        }
        return new SysctlArgs(others, both, client, server);
    }
}
