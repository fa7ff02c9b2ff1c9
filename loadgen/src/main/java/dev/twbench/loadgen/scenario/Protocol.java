package dev.twbench.loadgen.scenario;


/**
 * What twbench's own client and server say on each connection ({@code --protocol}). Every protocol
 * is carried by the same exchange state machine on every transport, and every close order keeps
 * its meaning: the close comes after the exchange, whatever the exchange is.
 */
public enum Protocol {
    /** {@code --request-bytes} from the client, then {@code --response-bytes} from the server. */
    RAW("raw"),
    /**
     * No bytes at all: the exchange is the connection itself (connect() done on the client, accept()
     * on the server), then the close order. Connection churn against any TCP server: a database, a
     * cache, a server that speaks first or never.
     */
    CONNECT("connect"),
    /**
     * HTTP/1.1: the client GETs {@code --http-path} with a Host header, {@code --requests-per-connection}
     * times one after another; the server answers 200 with {@code --response-bytes} of body. Either
     * end reads the other's messages by their own framing (Content-Length, chunked, or up to the
     * FIN), and a response outside 2xx is a failure named by its status ({@code HTTP_404}).
     */
    HTTP1("http1");

    private final String label;

    Protocol(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** What the client writes on each connection, given {@code --request-bytes} (raw only: HTTP's request is a GET). */
    public int requestBytes(int requestBytesOption) {
        return this == CONNECT ? 0 : requestBytesOption;
    }

    /** What the server writes on each connection, given {@code --response-bytes}. */
    public int responseBytes(int responseBytesOption) {
        return this == CONNECT ? 0 : responseBytesOption;
    }

    public static Protocol parse(String text) {
        return Labelled.parse("--protocol", text, values(), Protocol::label);
    }

    public static String labels() {
        return Labelled.list(values(), Protocol::label);
    }
}
