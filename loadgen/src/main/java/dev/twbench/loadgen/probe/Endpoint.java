package dev.twbench.loadgen.probe;

/**
 * One end of a TCP connection as the socket table names it.
 *
 * @param address the address as Java writes it ("198.18.0.1", "2001:db8:0:0:0:0:0:1"); an
 *                IPv4-mapped IPv6 address (what a dual-stack Java socket uses) as plain IPv4
 * @param port    the port
 */
public record Endpoint(String address, int port) {
    @Override
    public String toString() {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
