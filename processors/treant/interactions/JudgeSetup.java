package treant.interactions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether {@code /treant judge} can work at all: Battle.net credentials are set (or live in AWS
 * Secrets Manager, where only the worker reads them). Without them the api answers judge at once
 * with an ephemeral message instead of queueing a job that could only fail; the owner reads which
 * settings are missing in the log, once, at start-up.
 */
public final class JudgeSetup {

    private static final Logger LOG = LoggerFactory.getLogger(JudgeSetup.class);

    static final String NOT_SET_UP = "⚖️ Judging is not set up yet: the bot's owner has not given Treant its "
            + "Battle.net API credentials. Ask them to add them, then try again.";

    private final boolean configured;

    public JudgeSetup(String clientId, String clientSecret, String secretsSource) {
        boolean fromAws = "aws".equals(secretsSource == null ? "" : secretsSource.trim());
        this.configured = fromAws || (!isBlank(clientId) && !isBlank(clientSecret));
    }

    /** Run once at start-up, as the bean is built (treant.roles.ApiBeans). */
    public void logSetup() {
        if (!configured) {
            LOG.warn("treant.blizzard.client-id / treant.blizzard.client-secret (TREANT_BLIZZARD_CLIENT_ID, "
                    + "TREANT_BLIZZARD_CLIENT_SECRET) are empty: /treant judge answers that it is not set up");
        }
    }

    public static JudgeSetup configured() {
        return new JudgeSetup("set", "set", "env");
    }

    public boolean isConfigured() {
        return configured;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
