package treant.interactions;

/**
 * A well-formed command whose options Treant cannot act on (empty text, absurd amount, a name
 * that is no WoW name, speak in a DM). The user gets the message as an ephemeral reply.
 */
public class InvalidOptions extends RuntimeException {

    public InvalidOptions(String userMessage) {
        super(userMessage, null, false, false);
    }
}
