package treant;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import treant.interactions.RecapSetup;

/**
 * {@code java -jar treant.jar register-commands [--guild <id>] [--dry-run]}: puts the {@code /treant}
 * command with its subcommands to Discord, so a new server is set up without code.
 *
 * <p>PUT replaces the application's whole command list, so running it again is harmless (idempotent).
 * Option limits mirror what the api validates, so Discord's client already refuses what the api
 * would answer with an error message.
 */
public final class RegisterCommands {

    static final int EXIT_OK = 0;
    static final int EXIT_DISCORD_REFUSED = 1;
    static final int EXIT_USAGE = 2;

    /** A 429 whose retry_after is longer than this is reported, not waited out. */
    static final double MAX_RETRY_AFTER_SECONDS = 30;
    static final int MAX_ATTEMPTS = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    private RegisterCommands() {
    }

    /** Entry point used by TreantMain for {@code register-commands}; returns the process exit code. */
    public static int run(String[] args) {
        return run(args, new Properties(), System.out, System.err);
    }

    /**
     * @param overrides properties taking precedence over application.properties and the environment (tests)
     */
    static int run(String[] args, Properties overrides, PrintStream out, PrintStream err) {
        String guild = null;
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "register-commands" -> { }
                case "--guild" -> {
                    if (i + 1 >= args.length || !args[i + 1].matches("\\d{17,20}")) {
                        err.println("register-commands: --guild needs a guild id (a Discord snowflake, 17-20 digits)");
                        return EXIT_USAGE;
                    }
                    guild = args[++i];
                }
                case "--dry-run" -> dryRun = true;
                case "--help", "-h" -> {
                    out.println("usage: java -jar treant.jar register-commands [--guild <id>] [--dry-run]");
                    out.println("  needs treant.discord.application-id and treant.discord.token (TREANT_DISCORD_APPLICATION_ID,");
                    out.println("  TREANT_DISCORD_TOKEN, or the AWS secret when TREANT_SECRETS_SOURCE=aws)");
                    out.println("  --guild <id>  register to one guild only (instant, for testing); default: global");
                    out.println("  --dry-run     print the JSON that would be sent and exit");
                    return EXIT_OK;
                }
                default -> {
                    err.println("register-commands: unknown argument '" + args[i] + "' (try --help)");
                    return EXIT_USAGE;
                }
            }
        }

        CamelContext context = new DefaultCamelContext();
        try {
            PropertiesComponent pc = context.getPropertiesComponent();
            pc.setLocation("classpath:application.properties;optional=true");
            pc.setOverrideProperties(overrides);
            ArrayNode commands = commands(intProp(pc, "treant.tts.max-text-length", 1000),
                    intProp(pc, "treant.gold.max-amount", 1_000_000),
                    !pc.resolveProperty("treant.blizzard.guild").orElse("").isBlank());
            if (dryRun) {
                out.println(commands.toPrettyString());
                return EXIT_OK;
            }
            String appId = pc.resolveProperty("treant.discord.application-id").orElse("").trim();
            if (!appId.matches("\\d{17,20}")) {
                err.println("register-commands: treant.discord.application-id (TREANT_DISCORD_APPLICATION_ID) must be the "
                        + "application id from the Discord developer portal, was '" + appId + "'");
                return EXIT_USAGE;
            }
            try {
                new SecretsSource(Set.of(SecretsSource.REGISTER_COMMANDS)).configure(context);
            } catch (IllegalStateException e) {
                err.println("register-commands: " + e.getMessage());
                return EXIT_USAGE;
            }
            String token = pc.resolveProperty("treant.discord.token").orElse("").trim();
            if (token.isEmpty()) {
                err.println("register-commands: treant.discord.token (TREANT_DISCORD_TOKEN) is empty: the bot token is needed");
                return EXIT_USAGE;
            }
            String apiUrl = pc.resolveProperty("treant.discord.api-url").orElse("https://discord.com/api/v10");
            String path = "/applications/" + appId + (guild == null ? "" : "/guilds/" + guild) + "/commands";
            return put(URI.create(stripSlash(apiUrl) + path), token, commands,
                    guild == null ? "globally (may take up to an hour to show everywhere)" : "in guild " + guild, out, err);
        } finally {
            context.stop();
        }
    }

    private static int put(URI uri, String token, ArrayNode commands, String where, PrintStream out, PrintStream err) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bot " + token)
                .header("Content-Type", "application/json")
                .header("User-Agent", "DiscordBot (https://github.com/treant-bot/treant, 0.1)")
                .PUT(HttpRequest.BodyPublishers.ofString(commands.toString()))
                .build();
        try {
            for (int attempt = 1; ; attempt++) {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    JsonNode registered = JSON.readTree(response.body());
                    out.println("Registered " + registered.size() + " command(s) " + where + ": "
                            + names(registered));
                    return EXIT_OK;
                }
                if (status == 429) {
                    double retryAfter = retryAfter(response);
                    if (retryAfter <= MAX_RETRY_AFTER_SECONDS && attempt < MAX_ATTEMPTS) {
                        err.printf("Discord rate limit (429), retrying after %.2f s%n", retryAfter);
                        Thread.sleep((long) Math.ceil(retryAfter * 1000));
                        continue;
                    }
                    err.printf("register-commands: Discord rate limit (429): retry after %.1f s (attempt %d)%n", retryAfter, attempt);
                    return EXIT_DISCORD_REFUSED;
                }
                err.println("register-commands: " + explain(status, uri) + " — Discord said: " + shorten(response.body()));
                return EXIT_DISCORD_REFUSED;
            }
        } catch (java.io.IOException e) {
            err.println("register-commands: cannot reach " + uri.getScheme() + "://" + uri.getAuthority() + ": " + e);
            return EXIT_DISCORD_REFUSED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_DISCORD_REFUSED;
        }
    }

    static String explain(int status, URI uri) {
        return switch (status) {
            case 401 -> "401 Unauthorized: the bot token was refused; check treant.discord.token (the Bot page of the developer portal, Reset Token)";
            case 403 -> "403 Forbidden: the token's bot is not this application's, or (with --guild) the bot was not invited to that guild "
                    + "with the applications.commands scope";
            case 404 -> "404 Not Found: no such application (or guild) — check treant.discord.application-id and --guild";
            case 400 -> "400 Bad Request: Discord refused the command definition";
            default -> "HTTP " + status + " from PUT " + uri.getPath();
        };
    }

    private static double retryAfter(HttpResponse<String> response) {
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body.hasNonNull("retry_after")) {
                return body.get("retry_after").asDouble();
            }
        } catch (java.io.IOException ignored) {
            // fall back to the header
        }
        return response.headers().firstValue("Retry-After").map(Double::parseDouble).orElse(5.0);
    }

    /**
     * The {@code /treant} command. Limits are the api's: speak text 1..maxText characters, gold amount
     * 1..maxAmount, judge character 2..12 characters (WoW names), optional realm 1..40 characters,
     * recap's optional report 16..{@value treant.interactions.RecapSetup#REPORT_MAX_LENGTH} characters (a code, or a link to it).
     */
    public static ArrayNode commands(int maxTextLength, int maxGoldAmount) {
        return commands(maxTextLength, maxGoldAmount, false);
    }

    /**
     * As above; {@code judge realm} always offers autocomplete (the realm index), {@code judge character}
     * only when a guild is configured ({@code treant.blizzard.guild}: its roster).
     */
    public static ArrayNode commands(int maxTextLength, int maxGoldAmount, boolean characterAutocomplete) {
        ArrayNode list = JSON.createArrayNode();
        ObjectNode treant = list.addObject()
                .put("name", "treant")
                .put("type", 1) // CHAT_INPUT
                .put("description", "The guild's ancient treant: puns, speech, gold prices, gear judgments and raid recaps");
        ArrayNode sub = treant.putArray("options");
        // "pun" has no options; Discord does not offer a bare /treant once subcommands exist
        subcommand(sub, "pun", "A tree pun, spoken in your voice channel if you are in one");
        option(subcommand(sub, "speak", "Speak text in your voice channel"),
                3, "text", "What the treant should say", true)
                .put("min_length", 1).put("max_length", maxTextLength);
        option(subcommand(sub, "gold", "Real-money cost of an amount of gold, with the price history"),
                4, "amount", "Amount of gold (default 1000)", false)
                .put("min_value", 1).put("max_value", maxGoldAmount);
        ArrayNode judge = subcommand(sub, "judge", "Judge a character's equipped gear");
        option(judge, 3, "character", "Character name", true).put("min_length", 2).put("max_length", 12)
                .put("autocomplete", characterAutocomplete);
        option(judge, 3, "realm", "Realm (default: the guild's realm)", false).put("min_length", 1).put("max_length", 40)
                .put("autocomplete", true);
        option(subcommand(sub, "recap", "Recap a raid from Warcraft Logs: kills, wipes, top players, deaths"),
                3, "report", "Report code or link (default: the guild's latest report)", false)
                .put("min_length", 16).put("max_length", RecapSetup.REPORT_MAX_LENGTH);
        return list;
    }

    private static ArrayNode subcommand(ArrayNode options, String name, String description) {
        ObjectNode s = options.addObject().put("type", 1).put("name", name).put("description", description);
        return s.putArray("options");
    }

    private static ObjectNode option(ArrayNode options, int type, String name, String description, boolean required) {
        return options.addObject().put("type", type).put("name", name).put("description", description).put("required", required);
    }

    private static int intProp(PropertiesComponent pc, String key, int fallback) {
        return pc.resolveProperty(key).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).orElse(fallback);
    }

    private static String names(JsonNode registered) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode c : registered) {
            sb.append(sb.isEmpty() ? "" : ", ").append('/').append(c.path("name").asText()).append(" (id ").append(c.path("id").asText()).append(')');
        }
        return sb.toString();
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String shorten(String body) {
        String b = body == null ? "" : body.replaceAll("\\s+", " ");
        return b.length() > 500 ? b.substring(0, 500) + "…" : b;
    }
}
