package treant.roles;

import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import software.amazon.awssdk.services.polly.PollyClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import treant.AwsClients;
import treant.queues.EmbeddedSqs;
import treant.queues.QueueHealthCheck;
import treant.voice.AudioBudget;
import treant.voice.EspeakSpeech;
import treant.voice.FindVoiceChannel;
import treant.voice.GuildShare;
import treant.voice.GuildSpeaker;
import treant.voice.PlayInVoiceChannel;
import treant.voice.PollyClients;
import treant.voice.SpeechTextOf;
import treant.voice.ToDiscordFrames;
import treant.voice.VoiceGateway;

/**
 * The voice role's beans. Its way into voice channels, the {@code voiceGateway} bean, comes first from
 * {@link DiscordVoiceBeans} (JDA) or {@link WavVoiceBeans} (WAV files, no Discord), or from a test.
 */
public class VoiceBeans implements Beans {

    @PropertyInject("treant.aws.region") String region;
    @PropertyInject("treant.aws.http-client") String awsHttpClient;
    @PropertyInject("treant.sqs.endpoint") String sqsEndpoint;
    @PropertyInject("treant.sqs.max-connections") int sqsMaxConnections;
    @PropertyInject("treant.sqs.voice-queue") String voiceQueue;
    @PropertyInject("treant.voice.wait-seconds") int waitSeconds;
    @PropertyInject("treant.worker.sqs-timeout-margin-seconds") int sqsTimeoutMarginSeconds;
    @PropertyInject("treant.voice.idle-leave-seconds") long idleLeaveSeconds;
    @PropertyInject("treant.voice.connect-timeout-seconds") long connectTimeoutSeconds;
    @PropertyInject("treant.voice.max-audio-mb-in-flight") int maxAudioMbInFlight;
    @PropertyInject("treant.voice.max-audio-seconds") int maxAudioSeconds;
    @PropertyInject("treant.voice.max-jobs-per-guild") int maxJobsPerGuild;
    @PropertyInject("treant.voice.max-job-age-seconds") long maxJobAgeSeconds;
    @PropertyInject("treant.tts.max-text-length") int maxTextLength;
    @PropertyInject("treant.espeak.command") String espeakCommand;
    @PropertyInject("treant.espeak.voice") String espeakVoice;
    @PropertyInject("treant.polly.endpoint") String pollyEndpoint;
    @PropertyInject("treant.polly.timeout-seconds") long pollyTimeoutSeconds;

    @Override
    public void bind(CamelContext camel) {
        Registry beans = camel.getRegistry();
        SqsClient sqs = CamelContextHelper.mandatoryLookup(camel, "sqsClient", SqsClient.class);
        EmbeddedSqs embeddedSqs = CamelContextHelper.mandatoryLookup(camel, "embeddedSqs", EmbeddedSqs.class);
        VoiceGateway gateway = CamelContextHelper.mandatoryLookup(camel, "voiceGateway", VoiceGateway.class);

        // the voice queue consumer's client: its long poll must fit in one call
        beans.bind("voiceSqsClient", SqsClient.class, AwsClients.pollingSqs(region, sqsEndpoint, embeddedSqs, waitSeconds,
                sqsTimeoutMarginSeconds, sqsMaxConnections, awsHttpClient));
        beans.bind("voiceQueueHealthCheck", new QueueHealthCheck(sqs, "voice-queue", voiceQueue));
        // per-guild order of speech, idle leave
        GuildSpeaker speaker = GuildSpeaker.of(gateway, idleLeaveSeconds, connectTimeoutSeconds);
        beans.bind("guildSpeaker", GuildSpeaker.class, speaker, null, "close");
        beans.bind("audioBudget", new AudioBudget(maxAudioMbInFlight, maxAudioSeconds));
        beans.bind("guildShare", new GuildShare(maxJobsPerGuild));
        beans.bind("findVoiceChannel", new FindVoiceChannel(gateway, maxTextLength, maxJobAgeSeconds));
        // voice jobs already spoken (SQS delivers at least once)
        beans.bind("voiceJobIds", MemoryIdempotentRepository.memoryIdempotentRepository(10_000));
        beans.bind("speechTextOf", new SpeechTextOf());
        beans.bind("pollyClient", PollyClient.class, PollyClients.polly(region, pollyEndpoint, pollyTimeoutSeconds));
        beans.bind("espeakSpeech", EspeakSpeech.of(espeakCommand, espeakVoice, pollyTimeoutSeconds));
        beans.bind("toDiscordFrames", new ToDiscordFrames(maxAudioSeconds));
        beans.bind("playInVoiceChannel", new PlayInVoiceChannel(speaker, maxJobAgeSeconds));
    }
}
