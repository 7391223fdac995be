package treant.voice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for Discord where there is none (trying the voice route with {@code camel run}):
 * every member is "in voice", and what would be played goes into a WAV file per job
 * ({@code <dir>/<guild>-<n>.wav}, 48 kHz stereo, the frames exactly as JDA would get them).
 */
public final class WavFileVoiceGateway implements VoiceGateway {

    private static final Logger LOG = LoggerFactory.getLogger(WavFileVoiceGateway.class);

    private final Path dir;
    private final AtomicInteger played = new AtomicInteger();

    public WavFileVoiceGateway(String dir) {
        this.dir = Path.of(dir);
    }

    @Override
    public MemberVoiceState findVoiceChannel(String guildId, String userId) {
        return new MemberVoiceState.InChannel("wav-file");
    }

    @Override
    public CompletionStage<Void> play(String guildId, String channelId, List<byte[]> frames) {
        Path file = dir.resolve(guildId + "-" + played.incrementAndGet() + ".wav");
        try {
            Files.createDirectories(dir);
            Files.write(file, wav(frames));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info("voice: {} frames for guild {} written to {}", frames.size(), guildId, file);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void leave(String guildId) {
        // nothing joined
    }

    /** Frames are 16-bit big-endian stereo at 48 kHz; WAV wants little-endian. */
    static byte[] wav(List<byte[]> frames) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            for (int i = 0; i + 1 < frame.length; i += 2) {
                data.write(frame[i + 1]);
                data.write(frame[i]);
            }
        }
        int channels = 2;
        int rate = DiscordPcm.TARGET_RATE;
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(36 + data.size()).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16)
                .put("data".getBytes()).putInt(data.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(data.toByteArray());
        return out.toByteArray();
    }
}
