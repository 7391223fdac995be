package treant.interactions;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import treant.testing.TreantApp;

/**
 * The api role refuses to start without a usable public key, and says which setting to fix
 * (treant.roles.ApiBeans builds the signature check before Camel loads the api route files).
 */
class ApiStartupTest {

    static Map<String, String> withKey(String key) {
        // the queue endpoint is never called: start-up stops before any route runs
        return Map.of("treant.discord.public-key", key, "treant.sqs.endpoint", "http://127.0.0.1:9");
    }

    @Test
    void aMissingPublicKeyStopsStartUpNamingTheSetting() {
        assertThatThrownBy(() -> TreantApp.start("api", withKey("")).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("treant.discord.public-key")
                .hasMessageContaining("TREANT_DISCORD_PUBLIC_KEY");
    }

    @Test
    void aMalformedPublicKeyStopsStartUpWithoutEchoingIt() {
        assertThatThrownBy(() -> TreantApp.start("api", withKey("not-a-key-0123")).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be 64 hex characters")
                .message().doesNotContain("not-a-key-0123");
    }
}
