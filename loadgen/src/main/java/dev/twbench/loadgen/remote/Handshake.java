package dev.twbench.loadgen.remote;

import dev.twbench.loadgen.agent.Message;
import dev.twbench.loadgen.agent.MessageCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Mutual challenge and response between a long-lived agent and whoever connects to it (an
 * orchestrator, or a client agent asking a server agent what it announced). Neither side sends
 * the token: each answers the other's fresh nonce with an HMAC ({@link AgentToken#mac}).
 *
 * <pre>
 * agent                                   peer
 *   Challenge(nonceA)              -->
 *                                  <--    Answer(mac(PEER, nonceA), nonceP)
 *   Welcome(mac(AGENT, nonceP))    -->    (or Failed: refused, and the connection closes)
 * </pre>
 *
 * The peer learns the agent holds the token too, so load goes only to an agent that answered
 * the run's handshake.
 */
public final class Handshake {
    /** The role in the MAC of the peer's proof. */
    public static final String PEER = "twbench-peer";
    /** The role in the MAC of the agent's proof. */
    public static final String AGENT = "twbench-agent";

    /** What the agent learnt: the peer proved itself, or why not. */
    public sealed interface Outcome {
        record Accepted() implements Outcome {
        }

        record Refused(String reason) implements Outcome {
        }
    }

    private Handshake() {
    }

    /** The agent's half: challenges, checks the answer, proves itself in turn. */
    public static Outcome asAgent(BufferedReader in, Consumer<String> out, AgentToken token, String name)
            throws IOException {
        String nonce = AgentToken.nonce();
        out.accept(MessageCodec.toLine(new Message.Challenge(nonce, "twbench agent " + name)));
        String line = in.readLine();
        if (line == null) {
            return new Outcome.Refused("hung up before answering");
        }
        Message reply;
        try {
            reply = MessageCodec.fromLine(line);
        } catch (RuntimeException e) {
            return refuse(out, "did not answer the challenge (not a twbench peer)");
        }
        if (!(reply instanceof Message.Answer answer) || !token.verify(PEER, nonce, answer.mac())) {
            return refuse(out, "wrong token");
        }
        out.accept(MessageCodec.toLine(new Message.Welcome(token.mac(AGENT, answer.nonce()), name)));
        return new Outcome.Accepted();
    }

    /**
     * The peer's half: answers the challenge and checks the agent's proof.
     *
     * @return the agent's welcome (its name)
     * @throws AgentRefusedException the agent refused the token, or failed to prove it holds it
     */
    public static Message.Welcome asPeer(BufferedReader in, Consumer<String> out, AgentToken token, String agent)
            throws IOException {
        Message first = read(in, agent);
        if (!(first instanceof Message.Challenge challenge)) {
            throw new AgentRefusedException(agent + " did not greet as a twbench agent (it sent " + first + ")");
        }
        String nonce = AgentToken.nonce();
        out.accept(MessageCodec.toLine(new Message.Answer(token.mac(PEER, challenge.nonce()), nonce)));
        Message reply = read(in, agent);
        if (reply instanceof Message.Failed failed) {
            throw new AgentRefusedException("the agent at " + agent + " refused the connection: " + failed.error());
        }
        if (!(reply instanceof Message.Welcome welcome) || !token.verify(AGENT, nonce, welcome.mac())) {
            throw new AgentRefusedException("the agent at " + agent + " did not prove it holds the token");
        }
        return welcome;
    }

    private static Message read(BufferedReader in, String agent) throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new AgentRefusedException("the agent at " + agent + " closed the connection during the handshake");
        }
        try {
            return MessageCodec.fromLine(line);
        } catch (RuntimeException e) {
            throw new AgentRefusedException(agent + " is not a twbench agent (it sent '" + abbreviate(line) + "')");
        }
    }

    private static Outcome refuse(Consumer<String> out, String reason) {
        out.accept(MessageCodec.toLine(new Message.Failed("refused: " + reason)));
        return new Outcome.Refused(reason);
    }

    private static String abbreviate(String line) {
        return line.length() <= 60 ? line : line.substring(0, 60) + "...";
    }
}
