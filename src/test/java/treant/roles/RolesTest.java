package treant.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A role is its folder of routes and the classes that build its beans: what each shape of process loads. */
class RolesTest {

    static java.util.function.Function<String, Optional<String>> settings(String... keyValues) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return k -> Optional.ofNullable(p.get(k));
    }

    /** What a process loads: its route files, and the classes of its beans in the order they are built. */
    record Loaded(java.util.List<String> routeFiles, java.util.List<String> configurations, boolean httpServer) {}

    static Loaded roles(boolean withDoors, boolean voiceGatewayBound, String... keyValues) {
        Roles roles = Roles.of(settings(keyValues), withDoors);
        return new Loaded(roles.routeFiles(), Roles.beanClasses(settings(keyValues), withDoors, voiceGatewayBound),
                roles.httpServer());
    }

    @Test
    void aRoleIsItsFolderAndEveryFileInItIsLoadedWithoutBeingListed() {
        Loaded worker = roles(true, false, "treant.roles", "worker");
        assertThat(worker.routeFiles()).contains("classpath:routes/worker/worker-judge.camel.yaml",
                "classpath:routes/worker/worker-gold.camel.yaml", "classpath:routes/worker/doors/worker-sqs.camel.yaml");
        assertThat(worker.routeFiles()).allMatch(f -> !f.contains("/api/") && !f.contains("/voice/"));
        assertThat(worker.configurations()).containsExactly(CommonBeans.class.getName(), StoreBeans.class.getName(),
                ServerBeans.class.getName(), WorkerBeans.class.getName());
        assertThat(worker.httpServer()).isFalse();
    }

    @Test
    void aLambdaHandlerOrARouteTestLoadsTheFlowsWithoutDoorsOrServers() {
        Loaded api = roles(false, false, "treant.roles", "api");
        assertThat(api.routeFiles()).contains("classpath:routes/api/api-interactions.camel.yaml");
        assertThat(api.routeFiles()).noneMatch(f -> f.contains("/doors/"));
        assertThat(api.configurations()).containsExactly(CommonBeans.class.getName(), StoreBeans.class.getName(),
                ApiBeans.class.getName());
        assertThat(api.httpServer()).isFalse();
    }

    @Test
    void theApisDoorFollowsHowInteractionsArrive() {
        Loaded http = roles(true, false, "treant.roles", "api", "treant.discord.interactions", "http");
        assertThat(http.routeFiles()).contains("classpath:routes/api/doors/http/api-http.camel.yaml")
                .noneMatch(f -> f.contains("/doors/gateway/"));
        assertThat(http.httpServer()).isTrue();
        assertThat(http.configurations()).doesNotContain("treant.roles.DiscordSessionBeans");

        Loaded gateway = roles(true, false, "treant.roles", "api", "treant.discord.interactions", "gateway");
        assertThat(gateway.routeFiles()).contains("classpath:routes/api/doors/gateway/api-gateway.camel.yaml")
                .noneMatch(f -> f.contains("/doors/http/"));
        assertThat(gateway.httpServer()).isFalse();
        assertThat(gateway.configurations()).contains("treant.roles.DiscordSessionBeans", "treant.roles.GatewayDoorBeans");

        assertThatThrownBy(() -> roles(true, false, "treant.roles", "api", "treant.discord.interactions", "webhook"))
                .hasMessageContaining("treant.discord.interactions must be http or gateway");
    }

    @Test
    void voiceReachesDiscordOrWavFilesOrKeepsTheGatewayATestBound() {
        assertThat(roles(true, false, "treant.roles", "voice").configurations())
                .containsSubsequence("treant.roles.DiscordSessionBeans", "treant.roles.DiscordVoiceBeans", "treant.roles.VoiceBeans");
        assertThat(roles(true, false, "treant.roles", "voice", "treant.voice.gateway", "wav").configurations())
                .contains("treant.roles.WavVoiceBeans").doesNotContain("treant.roles.DiscordSessionBeans");
        assertThat(roles(true, true, "treant.roles", "voice").configurations())
                .doesNotContain("treant.roles.DiscordSessionBeans", "treant.roles.DiscordVoiceBeans", "treant.roles.WavVoiceBeans")
                .contains("treant.roles.VoiceBeans");
        assertThatThrownBy(() -> roles(true, false, "treant.roles", "voice", "treant.voice.gateway", "jda"))
                .hasMessageContaining("treant.voice.gateway must be discord or wav");
    }

    @Test
    void aRoleNobodyKnowsOrNoRoleAtAllFailsAtStartNamingTheSetting() {
        assertThatThrownBy(() -> roles(true, false, "treant.roles", "api,wroker"))
                .hasMessageContaining("unknown role 'wroker'");
        assertThatThrownBy(() -> roles(true, false, "treant.roles", " "))
                .hasMessageContaining("treant.roles is empty");
    }

    @Test
    void everyRouteFileIsSomeRolesOrAConnector() throws Exception {
        java.util.Set<String> loaded = new java.util.HashSet<>();
        for (String mode : new String[] {"http", "gateway"}) {
            loaded.addAll(roles(true, false, "treant.roles", "api,worker,voice", "treant.discord.interactions", mode).routeFiles());
        }
        java.nio.file.Path routes = java.nio.file.Path.of("routes");
        try (var all = java.nio.file.Files.walk(routes)) {
            assertThat(all.filter(f -> f.toString().endsWith(".camel.yaml"))
                    .map(f -> "classpath:routes/" + routes.relativize(f).toString().replace('\\', '/')))
                    .as("a route file outside every role's folders would never be loaded").allMatch(loaded::contains);
        }
    }
}
