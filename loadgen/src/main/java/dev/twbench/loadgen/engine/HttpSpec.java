package dev.twbench.loadgen.engine;

/**
 * HTTP/1.1 on twbench's own client and server ({@code --protocol http1}); null in a spec for the
 * raw and connect protocols.
 *
 * @param path                  what the client GETs ({@code --http-path})
 * @param requestsPerConnection the client's requests on each connection, one after another
 *                              ({@code --requests-per-connection}); the server answers as many as it is sent
 */
public record HttpSpec(String path, int requestsPerConnection) {
}
