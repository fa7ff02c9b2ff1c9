package dev.twbench.loadgen.experiment;

import dev.twbench.loadgen.experiment.result.Source;

/**
 * What an experiment tests, known before it runs (for {@code experiments --list}).
 *
 * @param name            the catalogue name, as typed on the command line ({@code server-restart})
 * @param title           a short heading
 * @param text            the claim, in the source's words where it has them
 * @param source          where it comes from
 * @param waitsForExpiry  true if the full experiment waits out TIME_WAIT (about a minute);
 *                        {@code --quick} skips that part
 */
public record Claim(String name, String title, String text, Source source, boolean waitsForExpiry) {
}
