package treant.worker;

/** What users read when something went wrong (short, no stack traces). */
public final class WorkerTexts {
    public static final String AI_UNAVAILABLE =
            "*AI analysis unavailable: the ancient spirits are silent right now. The gear speaks for itself.*";
    public static final String AI_RESTING =
            "*The AI has spent all its words for today and is resting until tomorrow. The gear speaks for itself.*";
    public static final String AI_NOT_CONFIGURED =
            "*No AI critique: the bot's owner has not set up the AI (a Gemini API key).*";
    public static final String JOB_FAILED =
            "🌲 Something in the forest went wrong and I could not finish this. Please try again in a few minutes.";
    public static final String GOLD_PRICE_UNAVAILABLE =
            "🌲 The gold market did not give me a price right now. Please try again in a few minutes.";

    private WorkerTexts() {}
}
