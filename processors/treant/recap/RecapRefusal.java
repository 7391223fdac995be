package treant.recap;

import treant.discord.MessageEdit;

/**
 * Why there is no recap, and what the user is told instead: the body the recap flows carry where
 * they would carry the report.
 */
public record RecapRefusal(Reason reason, String text) {

    public enum Reason {
        /** The hour's Warcraft Logs points are spent: a later poll or command may get the recap. */
        RATE_LIMITED,
        /** No such report, or a private one: asking again gives the same answer. */
        UNKNOWN,
        /** The guild has no public report to recap. */
        NO_REPORTS
    }

    /** The answer instead of the recap. */
    public MessageEdit edit() {
        return MessageEdit.text(text);
    }
}
