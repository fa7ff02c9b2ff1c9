package dev.twbench.loadgen.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.scenario.AgentExitPolicy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunOutcomeTest {
    private static final AgentExit SERVER_KILLED = new AgentExit("server", 4242, 4_200, "exited with code 137 (SIGKILL)");

    @Test
    void eachOutcomeSaysHowTheRunEndedInOneLine() {
        assertEquals("completed", new RunOutcome.Completed().endReason());
        assertEquals("interrupted", new RunOutcome.Interrupted().endReason());
        assertEquals("the client still had attempts in flight 25 s after the start",
                new RunOutcome.ClientGaveUp(25).endReason());
        assertEquals("the server agent exited with code 137 (SIGKILL) at 4.2 s; the run stopped there"
                + " (--on-agent-exit stop)", new RunOutcome.AgentExited(List.of(SERVER_KILLED), AgentExitPolicy.STOP,
                        new RunOutcome.AfterExit.StoppedThere()).endReason());
        assertEquals("the server agent exited with code 137 (SIGKILL) at 4.2 s; sampling went on to the end of the run"
                + " (--on-agent-exit continue)", new RunOutcome.AgentExited(List.of(SERVER_KILLED),
                        AgentExitPolicy.CONTINUE, new RunOutcome.AfterExit.WentOnToTheEnd()).endReason());
        assertEquals("the server agent exited with code 137 (SIGKILL) at 4.2 s; then the client still had attempts in"
                + " flight 25 s after the start", new RunOutcome.AgentExited(List.of(SERVER_KILLED),
                        AgentExitPolicy.CONTINUE, new RunOutcome.AfterExit.ThenEnded(new RunOutcome.ClientGaveUp(25)))
                        .endReason());
    }

    @Test
    void everyOutcomeSurvivesSummaryJsonWithItsType() throws Exception {
        List<RunOutcome> outcomes = List.of(new RunOutcome.Completed(), new RunOutcome.Interrupted(),
                new RunOutcome.Failed("the server agent answered: bind(..) failed"), new RunOutcome.ClientGaveUp(25),
                new RunOutcome.AgentExited(List.of(SERVER_KILLED), AgentExitPolicy.CONTINUE,
                        new RunOutcome.AfterExit.ThenEnded(new RunOutcome.Failed("no answer in 10 s"))));
        for (RunOutcome outcome : outcomes) {
            String json = Json.MAPPER.writeValueAsString(outcome);
            assertEquals(outcome, Json.MAPPER.readValue(json, RunOutcome.class), json);
        }
    }

    @Test
    void aSummaryWrittenBeforeOutcomesWereRecordedGetsOneFromItsEndReason() throws Exception {
        Summary old = Json.read(Path.of("../results/reference/20261121-191900-client-first-5000-ports/summary.json"),
                Summary.class);
        assertEquals(RunOutcome.Kind.COMPLETED, old.outcome().kind());
        assertEquals("completed", old.endReason());
        assertTrue(old.counters().isEmpty(), "no generic counters in a summary that old");
        assertTrue(old.agentExits().isEmpty());
    }

    @Test
    void theSummarysWordsFollowItsOutcome() {
        Summary s = new Summary("r", new RunOutcome.Interrupted(), false, "ignored", null, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, java.util.Map.of(), null, null, java.util.Map.of(), null, null, java.util.Map.of(), 0, null,
                List.of(), null, null);
        assertTrue(s.interrupted());
        assertEquals("interrupted", s.endReason());
    }
}
