package treant.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import treant.testing.DiscordGatewayStandIn;
import treant.worker.WorkerServices;

/**
 * Discord for a Treant process in gateway mode, on loopback (a main, on demand: {@code bin/bench
 * gateway}): the gateway stand-in plus WireMock serving the callback, the webhook edit and the
 * worker's services (the fixtures). It writes the process's settings to {@code envFile} (KEY=value lines), waits
 * for its IDENTIFY, stays quiet {@code idleSeconds} (the script reads the process's idle RSS when
 * it prints {@code idle}), then sends {@code warmup} and {@code count} interactions one after
 * another, alternating pun and gold, and prints the time from each INTERACTION_CREATE write to the
 * arrival of its callback POST: {@code GatewayBench envFile [idleSeconds] [warmup] [count]}.
 */
public final class GatewayBench {

    static final Map<String, Long> ARRIVALS = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        Path envFile = Path.of(args[0]);
        int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int count = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        // only its WireMock (the fixtures of Discord's edit, Blizzard, Gemini, the marketplace): the process has its own SQS
        WorkerServices services = new WorkerServices();
        WireMockServer wiremock = services.wiremock;
        wiremock.start();
        services.stubHappyPath();
        // stamped when WireMock has the request (the callback answers 204 at once)
        wiremock.addMockServiceRequestListener((request, response) -> {
            String[] parts = request.getUrl().split("/");
            if (request.getUrl().endsWith("/callback")) {
                ARRIVALS.put(parts[parts.length - 3], System.nanoTime());
            }
        });
        try (DiscordGatewayStandIn discord = new DiscordGatewayStandIn(wiremock, "/discord/api/v10")) {
            discord.start();
            Map<String, String> env = new java.util.TreeMap<>();
            discord.properties().forEach((k, v) -> env.put(envName(k), v));
            String base = wiremock.baseUrl();
            env.put("TREANT_BLIZZARD_OAUTH_URL", base + "/oauth/token");
            env.put("TREANT_BLIZZARD_API_URL", base);
            env.put("TREANT_BLIZZARD_CLIENT_ID", "bench");
            env.put("TREANT_BLIZZARD_CLIENT_SECRET", "bench");
            env.put("TREANT_GEMINI_API_URL", base);
            env.put("TREANT_GEMINI_API_KEY", "bench");
            env.put("TREANT_GOLD_PRICE_URL", base + WorkerServices.OFFER_PATH + "?currency=USD");
            Files.writeString(envFile, env.entrySet().stream().map(e -> e.getKey() + "='" + e.getValue() + "'")
                    .collect(Collectors.joining("\n", "", "\n")));
            System.out.println("waiting for the session");
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!discord.connected() || discord.identifies() == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no IDENTIFY within 120 s");
                }
                Thread.sleep(50);
            }
            Thread.sleep(idleSeconds * 1000L);
            System.out.println("idle");
            System.out.flush();
            Thread.sleep(2000); // the script reads the RSS now
            run(discord, warmup);
            long[] ms = run(discord, count);
            Arrays.sort(ms);
            System.out.printf("{\"interactions\":%d,\"p50Ms\":%.1f,\"p90Ms\":%.1f,\"p99Ms\":%.1f,\"maxMs\":%.1f}%n", ms.length,
                    pct(ms, 50), pct(ms, 90), pct(ms, 99), ms[ms.length - 1] / 1e6);
        } finally {
            wiremock.stop();
        }
        System.exit(0);
    }

    static long[] run(DiscordGatewayStandIn discord, int count) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode interaction = DiscordGatewayStandIn.fresh(i % 2 == 0 ? "pun" : "gold");
            String id = interaction.path("id").asText();
            long sent = System.nanoTime();
            discord.interaction(interaction);
            long deadline = sent + 3_000_000_000L;
            Long arrived;
            while ((arrived = ARRIVALS.get(id)) == null && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            if (arrived == null) {
                throw new IllegalStateException("no callback within Discord's 3 s for " + id);
            }
            times.add(arrived - sent);
            Thread.sleep(10);
        }
        return times.stream().mapToLong(Long::longValue).toArray();
    }

    static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    static String envName(String property) {
        return property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
