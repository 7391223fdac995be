package treant;

import java.net.URI;
import java.time.Duration;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.polly.PollyClient;
import software.amazon.awssdk.services.polly.PollyClientBuilder;
import treant.voice.EspeakSpeech;
import treant.voice.FindVoiceChannel;
import treant.voice.GuildSpeaker;
import treant.voice.JdaVoiceGateway;
import treant.voice.PlayInVoiceChannel;
import treant.voice.SpeechTextOf;
import treant.voice.ToDiscordFrames;
import treant.voice.VoiceGateway;
import treant.voice.VoiceInFlightLimit;

/**
 * Beans of the voice role (routes/voice-*.yaml), registered by TreantMain only when {@code treant.roles} has
 * {@code voice}: so JDA logs in to Discord only in a voice process. Shared clients are built once here.
 * A {@code voiceGateway} or {@code pollyClient} already in the registry (tests) is kept.
 */
public class VoiceBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent props = context.getPropertiesComponent();
        Registry registry = context.getRegistry();

        if (registry.lookupByName("pollyClient") == null) {
            registry.bind("pollyClient", pollyClient(
                    prop(props, "treant.aws.region", "us-east-1"),
                    prop(props, "treant.polly.endpoint", ""),
                    Duration.ofSeconds(Long.parseLong(prop(props, "treant.polly.timeout-seconds", "10")))));
        }
        VoiceGateway gateway = registry.lookupByNameAndType("voiceGateway", VoiceGateway.class);
        if (gateway == null) {
            JdaVoiceGateway jda = new JdaVoiceGateway(prop(props, "treant.discord.token", ""));
            context.addService(jda, true, true); // logs in when the context starts, logs out when it stops
            registry.bind("voiceGateway", jda);
            gateway = jda;
        }
        GuildSpeaker speaker = new GuildSpeaker(gateway,
                Duration.ofSeconds(Long.parseLong(prop(props, "treant.voice.idle-leave-seconds", "300"))),
                Duration.ofSeconds(Long.parseLong(prop(props, "treant.voice.connect-timeout-seconds", "15"))));
        registry.bind("guildSpeaker", speaker);
        registry.bind("voiceInFlightLimit",
                new VoiceInFlightLimit(Integer.parseInt(prop(props, "treant.voice.max-in-flight", "16"))));
        registry.bind("findVoiceChannel",
                new FindVoiceChannel(gateway, Integer.parseInt(prop(props, "treant.tts.max-text-length", "1000"))));
        registry.bind("speechTextOf", new SpeechTextOf());
        registry.bind("espeakSpeech", new EspeakSpeech(prop(props, "treant.espeak.command", "espeak-ng"),
                prop(props, "treant.espeak.voice", "en-us"),
                Duration.ofSeconds(Long.parseLong(prop(props, "treant.polly.timeout-seconds", "10")))));
        registry.bind("toDiscordFrames", new ToDiscordFrames());
        registry.bind("playInVoiceChannel", new PlayInVoiceChannel(speaker));
    }

    /**
     * Polly, built once. Retries are Camel's (route configuration {@code voice-errors}), so the SDK does not
     * retry on its own. With an endpoint override (a local stub) and no AWS credentials around, dummy ones do.
     */
    static PollyClient pollyClient(String region, String endpoint, Duration timeout) {
        PollyClientBuilder builder = PollyClient.builder()
                .region(Region.of(region))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(timeout));
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint))
                    .credentialsProvider(AwsCredentialsProviderChain.of(DefaultCredentialsProvider.builder().build(),
                            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))));
        }
        return builder.build();
    }

    private static String prop(PropertiesComponent props, String key, String fallback) {
        return props.resolveProperty(key).map(String::strip).orElse(fallback);
    }
}
