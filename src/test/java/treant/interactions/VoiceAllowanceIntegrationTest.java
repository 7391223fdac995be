package treant.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import treant.testing.DiscordSigner;
import treant.testing.Fixtures;
import treant.testing.LocalSqs;
import treant.testing.SignedClient;
import treant.testing.TreantApp;
import treant.worker.DynaliteServer;

/**
 * Two api instances on one DynamoDB table (dynalite) and one queue, as behind a load balancer or as
 * Lambda environments: a user's voice allowance is theirs together, not one per instance.
 */
class VoiceAllowanceIntegrationTest {

    @Test
    void apiInstancesSharingTheTableShareEachUsersAllowance() throws Exception {
        DiscordSigner signer = new DiscordSigner();
        try (DynaliteServer dynalite = DynaliteServer.start(); LocalSqs sqs = new LocalSqs()) {
            dynalite.createTable("GoldPriceHistory");
            Map<String, String> props = Map.of("treant.store", "dynamodb", "treant.dynamodb.endpoint", dynalite.endpoint(),
                    "treant.discord.public-key", signer.publicKeyHex(), "treant.sqs.endpoint", sqs.url(),
                    "treant.voice.user-burst", "3", "treant.voice.user-refill-seconds", "60");
            try (TreantApp a = TreantApp.start("api", props); TreantApp b = TreantApp.start("api", props)) {
                List<SignedClient> instances = List.of(new SignedClient(a.interactionsUrl(), signer),
                        new SignedClient(b.interactionsUrl(), signer));
                List<String> contents = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    ObjectNode pun = Fixtures.tree("pun");
                    pun.put("id", "131800000000007700" + i);
                    JsonNode reply = Fixtures.MAPPER.readTree(instances.get(i % 2).send(Fixtures.toBytes(pun)).body());
                    assertThat(reply.get("type").asInt()).isEqualTo(4);
                    contents.add(reply.at("/data/content").asText());
                }
                assertThat(sqs.drain(LocalSqs.VOICE)).as("spoken: the burst, across both instances").hasSize(3);
                assertThat(contents).filteredOn(c -> c.contains("Not spoken")).hasSize(3);
                assertThat(contents).allMatch(c -> c.startsWith("🌲 **Treant says:** "));
            }
        }
    }
}
