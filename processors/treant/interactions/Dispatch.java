package treant.interactions;

import treant.discord.InteractionResponse;

/**
 * What the api does with a command: answer now with {@code reply}, after putting {@code job}
 * on {@code queue} when there is one.
 *
 * @param queue {@link #VOICE}, {@link #COMMAND} or null (nothing to enqueue)
 */
public record Dispatch(String queue, Object job, InteractionResponse reply) {

    public static final String VOICE = "voice";
    public static final String COMMAND = "command";

    public static Dispatch replyOnly(InteractionResponse reply) {
        return new Dispatch(null, null, reply);
    }
}
