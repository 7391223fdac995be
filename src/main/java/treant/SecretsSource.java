package treant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.vault.AwsVaultConfiguration;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Where the secret-backed properties come from ({@code treant.secrets.source}).
 *
 * <p>{@code env} (default, for self-hosting): nothing to do, the properties come from
 * application.properties / environment variables as usual.
 *
 * <p>{@code aws}: each secret the active roles need is read once, at start-up, through Camel's
 * {@code aws:} properties function (camel-aws-secrets-manager, {@code {{aws:name#field}}}) and
 * put in as an override property, so routes and beans keep using {@code {{treant.discord.token}}}.
 * Reading eagerly means a missing or unreadable secret stops start-up here, with a message naming
 * the secret (never its value), instead of failing on the first interaction.
 *
 * <p>Must be the first configuration class Camel Main runs: the role beans read these properties.
 */
public class SecretsSource implements CamelConfiguration {

    /** Pseudo-role for the {@code register-commands} CLI command: it needs the bot token. */
    public static final String REGISTER_COMMANDS = "register-commands";
    /** The api taking interactions over the bot's gateway session (treant.discord.interactions=gateway). */
    static final String API_GATEWAY = "api-gateway";

    /** One secret-backed property: which secret (by the property holding its name) and which JSON field, if any. */
    record SecretProperty(String property, String secretNameProperty, String jsonField, Set<String> roles) {

        String placeholder(String secretName) {
            return "{{aws:" + secretName + (jsonField == null ? "" : "#" + jsonField) + "}}";
        }
    }

    /** The secret-backed properties and the roles that need them (least privilege mirrors deploy/). */
    static final List<SecretProperty> SECRETS = List.of(
            new SecretProperty("treant.discord.public-key", "treant.secrets.discord-public-key", null, Set.of("api")),
            // the worker posts the automatic recap as the bot
            new SecretProperty("treant.discord.token", "treant.secrets.discord-token", null,
                    Set.of("voice", "worker", API_GATEWAY, REGISTER_COMMANDS)),
            new SecretProperty("treant.blizzard.client-id", "treant.secrets.blizzard", "client_id", Set.of("worker")),
            new SecretProperty("treant.blizzard.client-secret", "treant.secrets.blizzard", "client_secret", Set.of("worker")),
            new SecretProperty("treant.gemini.api-key", "treant.secrets.gemini-api-key", null, Set.of("worker")),
            new SecretProperty("treant.warcraftlogs.client-id", "treant.secrets.warcraftlogs", "client_id", Set.of("worker")),
            new SecretProperty("treant.warcraftlogs.client-secret", "treant.secrets.warcraftlogs", "client_secret", Set.of("worker")));

    private final Set<String> rolesOverride;

    /** Roles come from {@code treant.roles}. */
    public SecretsSource() {
        this.rolesOverride = null;
    }

    /** For callers that are not a Camel Main role process (the register-commands CLI). */
    public SecretsSource(Set<String> roles) {
        this.rolesOverride = Set.copyOf(roles);
    }

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent pc = context.getPropertiesComponent();
        String source = pc.resolveProperty("treant.secrets.source").orElse("env").trim();
        switch (source) {
            case "env" -> { }
            case "aws" -> loadFromAws(context, roles(pc));
            default -> throw new IllegalStateException(
                    "treant.secrets.source must be 'env' or 'aws', was '" + source + "'");
        }
    }

    private Set<String> roles(PropertiesComponent pc) {
        if (rolesOverride != null) {
            return rolesOverride;
        }
        Set<String> roles = Arrays.stream(pc.resolveProperty("treant.roles").orElse("api,worker,voice").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(java.util.HashSet::new));
        // in gateway mode the api holds the bot's session, so it needs the bot token too
        if (roles.contains("api") && "gateway".equals(pc.resolveProperty("treant.discord.interactions").orElse("http"))) {
            roles.add(API_GATEWAY);
        }
        return roles;
    }

    private void loadFromAws(CamelContext context, Set<String> roles) {
        PropertiesComponent pc = context.getPropertiesComponent();
        configureVault(context.getVaultConfiguration().aws(), pc);
        List<String> failures = new ArrayList<>();
        for (SecretProperty secret : SECRETS) {
            if (secret.roles().stream().noneMatch(roles::contains)) {
                continue; // least privilege: a role's IAM policy only allows the secrets it needs
            }
            String secretName = pc.resolveProperty(secret.secretNameProperty())
                    .filter(s -> !s.isBlank())
                    .orElseThrow(() -> new IllegalStateException(secret.secretNameProperty() + " is empty"));
            String what = "secret '" + secretName + "'" + (secret.jsonField() == null ? "" : " field '" + secret.jsonField() + "'")
                    + " (for " + secret.property() + ", roles " + String.join(",", new LinkedHashSet<>(secret.roles())) + ")";
            try {
                String value = context.resolvePropertyPlaceholders(secret.placeholder(secretName));
                if (value == null || value.isBlank() || value.startsWith("{{")) {
                    failures.add(what + ": empty or missing");
                } else {
                    pc.addOverrideProperty(secret.property(), value);
                }
            } catch (RuntimeException e) {
                // the cause names the AWS error (ResourceNotFound, AccessDenied…); it never contains the value
                failures.add(what + ": " + rootMessage(e));
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("Cannot read secrets from AWS Secrets Manager (treant.secrets.source=aws): "
                    + String.join("; ", failures));
        }
    }

    /** Region and endpoint override from Treant's properties unless camel.vault.aws.* already set them. */
    static void configureVault(AwsVaultConfiguration vault, PropertiesComponent pc) {
        // this runs before Camel Main binds camel.vault.aws.* (the secrets must be in before any
        // route file is loaded), so take the explicit ones from the properties here
        if (isBlank(vault.getAccessKey())) {
            vault.setAccessKey(mainOption(pc, "accessKey", "access-key"));
            vault.setSecretKey(mainOption(pc, "secretKey", "secret-key"));
        }
        if (isBlank(vault.getRegion())) {
            vault.setRegion(mainOption(pc, "region", "region"));
        }
        if (isBlank(vault.getUriEndpointOverride()) && !isBlank(mainOption(pc, "uriEndpointOverride", "uri-endpoint-override"))) {
            vault.setOverrideEndpoint(true);
            vault.setUriEndpointOverride(mainOption(pc, "uriEndpointOverride", "uri-endpoint-override"));
        }
        if (isBlank(vault.getRegion())) {
            vault.setRegion(pc.resolveProperty("treant.secrets.region").filter(s -> !s.isBlank())
                    .or(() -> pc.resolveProperty("treant.aws.region")).orElse("us-east-1"));
        }
        String endpoint = pc.resolveProperty("treant.secrets.endpoint").orElse("");
        if (!endpoint.isBlank() && isBlank(vault.getUriEndpointOverride())) {
            vault.setOverrideEndpoint(true);
            vault.setUriEndpointOverride(endpoint);
        }
        if (isBlank(vault.getAccessKey()) && !vault.isProfileCredentialsProvider()) {
            // AWS credentials come from the SDK's default chain (env, profile, ECS task role)
            vault.setDefaultCredentialsProvider(true);
        }
    }

    /**
     * The reason, without the secret: AWS errors give their code and status; anything else (a JSON
     * parse error could quote the secret's text) only its type.
     */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
                return aws.awsErrorDetails().errorCode() + " (HTTP " + aws.statusCode() + ")";
            }
            if (t instanceof SdkClientException client) {
                return "cannot reach Secrets Manager: " + client.getMessage();
            }
            if (t instanceof IllegalArgumentException && String.valueOf(t.getMessage()).startsWith("Property with key [aws:")) {
                return "field not found in the secret (or the secret is empty)";
            }
            root = t;
        }
        return root.getClass().getSimpleName();
    }

    private static String mainOption(PropertiesComponent pc, String camelCase, String kebabCase) {
        return pc.resolveProperty("camel.vault.aws." + camelCase)
                .or(() -> pc.resolveProperty("camel.vault.aws." + kebabCase)).filter(v -> !v.isBlank()).orElse(null);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
