package treant.voice;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Local speech engine for machines without AWS ({@code treant.tts.engine=espeak}): Debian's {@code espeak-ng}
 * writes a 22 050 Hz WAV to stdout, which becomes the same 16 kHz mono s16le PCM that Polly returns, so
 * everything after the engine is shared. The text goes in on stdin, never on the command line.
 */
public final class EspeakSpeech {

    private final String command;
    private final String voice;
    private final Duration timeout;

    /** From the settings, the timeout in seconds (a YAML bean's factory). */
    public static EspeakSpeech of(String command, String voice, long timeoutSeconds) {
        return new EspeakSpeech(command, voice, Duration.ofSeconds(timeoutSeconds));
    }

    public EspeakSpeech(String command, String voice, Duration timeout) {
        this.command = command;
        this.voice = voice;
        this.timeout = timeout;
    }

    /** 16 kHz mono s16le PCM of the (already neutralised) text. */
    public byte[] synthesize(String text) {
        Process process;
        try {
            process = new ProcessBuilder(List.of(command, "--stdin", "--stdout", "-v", voice))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new SpeechSynthesisException("cannot start " + command + " (apt-get install espeak-ng)", e);
        }
        try {
            CompletableFuture<byte[]> wav = CompletableFuture.supplyAsync(() -> readAll(process));
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(text.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SpeechSynthesisException(command + " took longer than " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new SpeechSynthesisException(command + " exited with " + process.exitValue());
            }
            return WavPcm.to16kMono(WavPcm.parse(wav.get(timeout.toMillis(), TimeUnit.MILLISECONDS)));
        } catch (SpeechSynthesisException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechSynthesisException("interrupted while speaking", e);
        } catch (Exception e) {
            throw new SpeechSynthesisException(command + " failed: " + e.getMessage(), e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static byte[] readAll(Process process) {
        try {
            return process.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new SpeechSynthesisException("cannot read " + process.info().command().orElse("espeak-ng") + " output", e);
        }
    }
}
