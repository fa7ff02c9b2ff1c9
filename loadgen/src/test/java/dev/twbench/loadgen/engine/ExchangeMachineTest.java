package dev.twbench.loadgen.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.counter.FailureKinds;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.CloseStep;
import dev.twbench.loadgen.scenario.Side;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exchange without sockets: what the machine asks of the socket, and how the connection
 * ends, for the events a driver reports. Every driver (Netty's pipeline, the direct loops) feeds
 * it the same events, so this is each close order's logic in one place; the engine contract
 * (EngineContract) checks the bytes and FIN/RST that real sockets then carry.
 */
class ExchangeMachineTest {
    private static final int REQUEST = 100;
    private static final int RESPONSE = 1_000;
    private static final long IDLE_MS = 300;

    /** A driver that writes down what the machine asks, and an owner that writes down how it ended. */
    private static final class Recorder implements ExchangeMachine.Io, ExchangeMachine.Owner {
        final List<String> asked = new ArrayList<>();
        final List<String> ended = new ArrayList<>();
        boolean peerMessageComplete;

        @Override
        public void shutdownOutput() {
            asked.add("shutdownOutput");
        }

        @Override
        public void close() {
            asked.add("close");
        }

        @Override
        public void abort() {
            asked.add("abort");
        }

        @Override
        public void armIdleClose(long afterNs) {
            asked.add("idle " + afterNs / 1_000_000 + " ms");
        }

        @Override
        public void sendNext() {
            asked.add("sendNext");
        }

        @Override
        public void peerMessageComplete() {
            peerMessageComplete = true;
        }

        @Override
        public void completed(boolean byPeerReset) {
            ended.add(byPeerReset ? "completed by reset" : "completed");
        }

        @Override
        public void failed(String kind) {
            ended.add("failed " + kind);
        }
    }

    private final Recorder driver = new Recorder();
    private final ExchangeMachine machine = new ExchangeMachine(driver, driver);

    private void begin(CloseOrder order, Side side) {
        Side peer = side == Side.CLIENT ? Side.SERVER : Side.CLIENT;
        int write = side == Side.CLIENT ? REQUEST : RESPONSE;
        int expect = side == Side.CLIENT ? RESPONSE : REQUEST;
        machine.begin(new ExchangeRules(write, expect, order.step(side), order.step(peer), IDLE_MS, 60_000));
    }

    private static ByteBuffer bytes(int n) {
        return ByteBuffer.allocate(n);
    }

    @Test
    void theClientFirstClientClosesOnceItsRequestIsOutAndTheWholeResponseIsIn() {
        begin(CloseOrder.CLIENT_FIRST, Side.CLIENT);
        machine.sent();
        machine.received(bytes(RESPONSE - 1));
        assertEquals(List.of(), driver.asked, "one byte short: nothing to do yet");
        machine.received(bytes(1));
        assertEquals(List.of("close"), driver.asked);
        machine.closed();
        assertEquals(List.of("completed"), driver.ended);
    }

    @Test
    void theResponseCanArriveInAnyPiecesAndEvenBeforeTheRequestIsReportedSent() {
        begin(CloseOrder.CLIENT_FIRST, Side.CLIENT);
        machine.received(bytes(400));
        machine.received(bytes(600));
        assertTrue(driver.asked.isEmpty(), "not sent yet: the exchange is not complete");
        machine.sent();
        assertEquals(List.of("close"), driver.asked);
    }

    @Test
    void withNoBytesEitherWayTheConnectionItselfIsTheExchange() {
        machine.begin(new ExchangeRules(0, 0, CloseStep.CLOSE_AFTER_EXCHANGE, CloseStep.CLOSE_ON_PEER_EOF, IDLE_MS,
                60_000));
        machine.sent();
        assertEquals(List.of(), driver.asked, "connect() has not completed: nothing has been exchanged yet");
        machine.connected();
        assertTrue(driver.peerMessageComplete, "the peer's message of no bytes is whole once connected");
        assertEquals(List.of("close"), driver.asked);
        machine.closed();
        assertEquals(List.of("completed"), driver.ended);
    }

    private void beginHttp(CloseOrder order, Side side, int rounds) {
        CloseStep step = order.step(side);
        HttpMessage.Kind reads = side == Side.CLIENT ? HttpMessage.Kind.RESPONSE : HttpMessage.Kind.REQUEST;
        machine.begin(new ExchangeRules(new Payload(10), 0, false, new Closer(step, IDLE_MS), 60_000_000_000L,
                new ExchangeRules.Http(new Payload(20), rounds, reads)));
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    private static final String GET = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";

    @Test
    void anHttpClientAsksAgainUntilItsLastRequestThenCloses() {
        beginHttp(CloseOrder.CLIENT_FIRST, Side.CLIENT, 3);
        assertEquals(10, machine.payload().length(), "a request that keeps the connection");
        machine.sent();
        machine.received(ascii(OK));
        machine.sent();
        machine.received(ascii(OK));
        assertEquals(List.of("sendNext", "sendNext"), driver.asked);
        assertEquals(20, machine.payload().length(), "the last request is the other form");
        machine.sent();
        machine.received(ascii(OK));
        assertEquals(List.of("sendNext", "sendNext", "close"), driver.asked);
    }

    @Test
    void aResponseOutsideTwoHundredsFailsTheAttemptByItsStatus() {
        beginHttp(CloseOrder.CLIENT_FIRST, Side.CLIENT, 1);
        machine.sent();
        machine.received(ascii("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(List.of("failed HTTP_503"), driver.ended);
        assertEquals(List.of("close"), driver.asked);
    }

    @Test
    void theHttpServerAnswersEveryRequestAndTheClientsFinBetweenThemEndsTheConnection() {
        beginHttp(CloseOrder.CLIENT_FIRST, Side.SERVER, 0);
        machine.received(ascii(GET));
        machine.sent();
        machine.received(ascii(GET));
        machine.sent();
        assertEquals(List.of(), driver.asked, "keep-alive: waiting for another request");
        machine.peerEof();
        assertEquals(List.of("close"), driver.asked);
        machine.closed();
        assertEquals(List.of("completed"), driver.ended);
    }

    @Test
    void theClientsResetBetweenTwoRequestsCompletesTheServersConnection() {
        beginHttp(CloseOrder.CLIENT_RST, Side.SERVER, 0);
        machine.received(ascii(GET));
        machine.sent();
        machine.peerReset();
        assertEquals(List.of("completed by reset"), driver.ended);
    }

    @Test
    void aRequestThatSaysCloseGetsTheClosingAnswerThenTheServersCloseStep() {
        beginHttp(CloseOrder.SERVER_FIRST, Side.SERVER, 0);
        machine.received(ascii("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"));
        assertEquals(20, machine.payload().length(), "the answer that says Connection: close");
        machine.sent();
        assertEquals(List.of("close"), driver.asked);
    }

    @Test
    void theClientsFinInTheMiddleOfARequestIsAnEarlyEof() {
        beginHttp(CloseOrder.CLIENT_FIRST, Side.SERVER, 0);
        machine.received(ascii("GET / HTTP/1.1\r\nHo"));
        machine.peerEof();
        assertEquals(List.of("failed " + FailureKinds.EARLY_EOF), driver.ended);
    }

    @Test
    void aMessageOfBytesIsNotWholeOnConnect() {
        begin(CloseOrder.CLIENT_FIRST, Side.CLIENT);
        machine.sent();
        machine.connected();
        assertFalse(driver.peerMessageComplete, "the response's bytes are still to come");
        assertEquals(List.of(), driver.asked);
    }

    @Test
    void anEmptyRequestEndedByTheClientsFinIsWholeOnlyAtThatFin() {
        machine.begin(new ExchangeRules(0, 0, CloseStep.CLOSE_AFTER_EXCHANGE,
                CloseStep.SHUTDOWN_OUTPUT_THEN_CLOSE_ON_PEER_EOF, IDLE_MS, 60_000));
        machine.connected();
        assertFalse(driver.peerMessageComplete, "half-close: the request ends with the client's FIN");
        machine.peerEof();
        assertTrue(driver.peerMessageComplete);
    }

    @Test
    void thePassiveServerAnswersThenClosesOnlyOnTheClientsFin() {
        begin(CloseOrder.CLIENT_FIRST, Side.SERVER);
        machine.received(bytes(REQUEST));
        assertTrue(driver.peerMessageComplete, "the request is whole: the server answers");
        machine.sent();
        assertEquals(List.of(), driver.asked, "the server waits for the client's FIN");
        machine.peerEof();
        assertEquals(List.of("close"), driver.asked);
        machine.closed();
        assertEquals(List.of("completed"), driver.ended);
    }

    @Test
    void clientRstAbortsAndThePeersResetAfterAFullExchangeCountsAsCompletedByReset() {
        begin(CloseOrder.CLIENT_RST, Side.CLIENT);
        machine.sent();
        machine.received(bytes(RESPONSE));
        assertEquals(List.of("abort"), driver.asked);

        Recorder server = new Recorder();
        ExchangeMachine serverMachine = new ExchangeMachine(server, server);
        serverMachine.begin(new ExchangeRules(RESPONSE, REQUEST, CloseOrder.CLIENT_RST.step(Side.SERVER),
                CloseOrder.CLIENT_RST.step(Side.CLIENT), IDLE_MS, 60_000));
        serverMachine.received(bytes(REQUEST));
        serverMachine.sent();
        serverMachine.error("ECONNRESET");
        assertEquals(List.of("completed by reset"), server.ended);
        assertEquals(List.of("close"), server.asked);
    }

    @Test
    void aResetSeenOnlyAsEpollFlagsEndsTheExchangeAsTheErrnoWould() {
        // The direct engine reports an RST it did not read (EPOLLERR|EPOLLHUP) as peerReset():
        // after the whole exchange it is the close, before it the same failure as ECONNRESET.
        begin(CloseOrder.SERVER_RST, Side.CLIENT);
        assertFalse(machine.exchanged());
        machine.sent();
        machine.received(bytes(RESPONSE));
        assertTrue(machine.exchanged());
        machine.peerReset();
        assertEquals(List.of("completed by reset"), driver.ended);

        begin(CloseOrder.SERVER_RST, Side.CLIENT);
        machine.sent();
        machine.peerReset();
        assertEquals(List.of("completed by reset", "failed ECONNRESET"), driver.ended);
    }

    @Test
    void aResetBeforeTheExchangeIsCompleteIsAFailureByItsErrno() {
        begin(CloseOrder.CLIENT_FIRST, Side.CLIENT);
        machine.sent();
        machine.received(bytes(10));
        machine.error("ECONNRESET");
        assertEquals(List.of("failed ECONNRESET"), driver.ended);
        assertEquals(List.of("close"), driver.asked);
    }

    @Test
    void aFinBeforeTheWholeMessageIsEarlyEof() {
        begin(CloseOrder.CLIENT_FIRST, Side.CLIENT);
        machine.sent();
        machine.received(bytes(RESPONSE / 2));
        machine.peerEof();
        assertEquals(List.of("failed " + FailureKinds.EARLY_EOF), driver.ended);
        assertEquals(List.of("close"), driver.asked);
    }

    @Test
    void halfCloseShutsDownAfterTheRequestAndTheServersRequestEndsWithThatFin() {
        begin(CloseOrder.HALF_CLOSE, Side.CLIENT);
        machine.sent();
        assertEquals(List.of("shutdownOutput"), driver.asked);

        Recorder server = new Recorder();
        ExchangeMachine serverMachine = new ExchangeMachine(server, server);
        serverMachine.begin(new ExchangeRules(RESPONSE, REQUEST, CloseOrder.HALF_CLOSE.step(Side.SERVER),
                CloseOrder.HALF_CLOSE.step(Side.CLIENT), IDLE_MS, 60_000));
        serverMachine.received(bytes(REQUEST));
        assertFalse(server.peerMessageComplete, "after a half-close the request ends with the FIN, not a count");
        serverMachine.peerEof();
        assertTrue(server.peerMessageComplete);
        serverMachine.sent();
        assertEquals(List.of("close"), server.asked, "the server closes first once it has answered");
    }

    @Test
    void anIdleServerArmsItsTimerAndClosesWhenItExpires() {
        begin(CloseOrder.SERVER_IDLE, Side.SERVER);
        machine.received(bytes(REQUEST));
        machine.sent();
        assertEquals(List.of("idle " + IDLE_MS + " ms"), driver.asked);
        machine.idleExpired();
        assertEquals(List.of("idle " + IDLE_MS + " ms", "close"), driver.asked);
        machine.closed();
        assertEquals(List.of("completed"), driver.ended);
    }

    @Test
    void theTimeoutEndsAConnectionOnceAndNothingAfterCountsAgain() {
        begin(CloseOrder.CLIENT_FIRST, Side.CLIENT);
        machine.timedOut();
        machine.closed();
        machine.error("ECONNRESET");
        machine.timedOut();
        assertEquals(List.of("failed " + FailureKinds.TIMEOUT), driver.ended, "ended exactly once");
    }

    @Test
    void aSlotBegunAgainStartsFromNothing() {
        begin(CloseOrder.CLIENT_FIRST, Side.CLIENT);
        machine.sent();
        machine.received(bytes(RESPONSE));
        machine.closed();
        begin(CloseOrder.CLIENT_FIRST, Side.CLIENT);
        assertFalse(machine.ended());
        assertFalse(machine.peerMessageReceived());
        machine.closed();
        assertEquals(List.of("completed", "failed " + FailureKinds.EARLY_EOF), driver.ended,
                "the second connection closed before its exchange: early EOF, not a second completion");
    }
}
