package treant.interactions;

/**
 * A request the endpoint refuses with a 4xx status (bad signature, not an interaction, unknown
 * command). The message is safe to show: it never contains the request's content.
 */
public class InteractionRejected extends RuntimeException {

    private final int status;

    public InteractionRejected(int status, String reason) {
        super(reason, null, false, false); // no stack trace: rejections are expected, and frequent under attack
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static InteractionRejected unauthorized(String reason) {
        return new InteractionRejected(401, reason);
    }

    public static InteractionRejected badRequest(String reason) {
        return new InteractionRejected(400, reason);
    }
}
