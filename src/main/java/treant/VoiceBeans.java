package treant;

import java.net.URI;
import java.time.Duration;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.polly.PollyClient;
import software.amazon.awssdk.services.polly.PollyClientBuilder;
import treant.voice.DiscordVoiceHealthCheck;
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
        Settings settings = new Settings(context);
        Registry registry = context.getRegistry();
        Duration speechTimeout = Duration.ofSeconds(settings.getLong("treant.polly.timeout-seconds"));

        if (registry.lookupByName("pollyClient") == null) {
            registry.bind("pollyClient", pollyClient(settings.get("treant.aws.region"), settings.get("treant.polly.endpoint"),
                    speechTimeout));
        }
        VoiceGateway gateway = registry.lookupByNameAndType("voiceGateway", VoiceGateway.class);
        if (gateway == null) {
            JdaVoiceGateway jda = new JdaVoiceGateway(settings.required("treant.discord.token", "voice"));
            context.addService(jda, true, true); // logs in when the context starts, logs out when it stops
            registry.bind("voiceGateway", jda);
            registry.bind("discordGatewayHealthCheck", new DiscordVoiceHealthCheck(jda::status));
            gateway = jda;
        }
        GuildSpeaker speaker = new GuildSpeaker(gateway,
                Duration.ofSeconds(settings.getLong("treant.voice.idle-leave-seconds")),
                Duration.ofSeconds(settings.getLong("treant.voice.connect-timeout-seconds")));
        registry.bind("guildSpeaker", speaker);
        registry.bind("voiceInFlightLimit", new VoiceInFlightLimit(settings.getInt("treant.voice.max-in-flight")));
        registry.bind("findVoiceChannel", new FindVoiceChannel(gateway, settings.getInt("treant.tts.max-text-length")));
        registry.bind("voiceJobIds", MemoryIdempotentRepository.memoryIdempotentRepository(10_000));
        registry.bind("speechTextOf", new SpeechTextOf());
        registry.bind("espeakSpeech", new EspeakSpeech(settings.get("treant.espeak.command"),
                settings.get("treant.espeak.voice"), speechTimeout));
        registry.bind("toDiscordFrames", new ToDiscordFrames());
        registry.bind("playInVoiceChannel", new PlayInVoiceChannel(speaker));
    }

    /**
     * Polly, built once. Retries are Camel's (route configuration {@code voice-errors}), so the SDK does not
     * retry on its own. Credentials: {@link AwsClients#credentials}.
     */
    static PollyClient pollyClient(String region, String endpoint, Duration timeout) {
        PollyClientBuilder builder = PollyClient.builder()
                .region(Region.of(region))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(timeout));
        if (!endpoint.isEmpty()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        builder.credentialsProvider(AwsClients.credentials(endpoint));
        return builder.build();
    }
}
