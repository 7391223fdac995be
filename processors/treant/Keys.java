package treant;

/**
 * The exchange properties Treant's routes pass between steps: one naming scheme (plain camelCase)
 * for every flow, listed in the README ("Exchange properties"). Routes spell them in Simple
 * ({@code ${exchangeProperty.job}}); Java uses these constants.
 */
public final class Keys {

    // interactions (api)
    /** The interaction's id (replay protection, logs). */
    public static final String INTERACTION_ID = "interactionId";
    /** The interaction's token, for the gateway door's callback URL (set by that door). */
    public static final String INTERACTION_TOKEN = "interactionToken";
    /** ping, pun, speak, gold or judge: the branch the route takes and the metrics' tag. */
    public static final String COMMAND = "command";
    /** The immediate answer ({@code InteractionResponse}). */
    public static final String REPLY = "reply";
    /**
     * Set on the copy a door runs the flow on when it goes on after it (the gateway door's enrich):
     * that copy is not counted in the metrics, the door's exchange is.
     */
    public static final String FLOW_COPY = "flowCopy";

    // jobs (worker and voice)
    /** The job being worked on: a {@code CommandJob} in the worker, a {@code VoiceJob} in voice. */
    public static final String JOB = "job";
    /** True when the job's interaction token has died (older than 15 minutes). */
    public static final String JOB_EXPIRED = "jobExpired";
    /**
     * When this delivery of a job must be over, error edit included (an {@code Instant}; JobBudget).
     */
    public static final String JOB_DEADLINE = "jobDeadline";
    /**
     * When the job's outbound calls must be over (an {@code Instant}): the job's deadline less the
     * error edit's reserve, then the deadline itself on the failure path. CallDeadlines cuts every
     * HTTP call there.
     */
    public static final String CALL_DEADLINE = "callDeadline";
    /** The door's own deadline for the job (an {@code Instant}; a Lambda invocation's), if it has one. */
    public static final String DOOR_DEADLINE = "doorDeadline";
    /** When the Gemini call began (epoch ms; the connector sets it): its retries must fit treant.gemini.total-timeout-ms. */
    public static final String GEMINI_STARTED_AT = "geminiStartedAt";

    // voice
    /** The member's voice channel the job is spoken in. */
    public static final String VOICE_CHANNEL_ID = "voiceChannelId";
    /** Why the voice job can never be played (it is dropped, not retried). */
    public static final String VOICE_DROP = "voiceDrop";

    private Keys() {}
}
