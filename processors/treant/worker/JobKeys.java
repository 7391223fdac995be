package treant.worker;

/** Names of the exchange properties the worker routes pass between steps (one place, no typos). */
public final class JobKeys {
    public static final String JOB = "treantJob";
    public static final String EXPIRED = "treantJobExpired";
    public static final String CLAIMED = "treantJobClaimed";
    public static final String EDIT = "treantEdit";
    public static final String BLIZZARD_TOKEN = "treantBlizzardToken";
    public static final String EQUIPMENT = "treantEquipment";
    public static final String ANALYSIS = "treantAnalysis";
    public static final String QUOTE = "treantGoldQuote";
    public static final String HISTORY = "treantGoldHistory";

    private JobKeys() {}
}
