package treant.voice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import club.minnced.discord.jdave.ffi.LibDave;
import club.minnced.discord.jdave.interop.JDaveSessionFactory;
import net.dv8tion.jda.api.audio.dave.DaveProtocolCallbacks;
import net.dv8tion.jda.api.audio.dave.DaveSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * jdave's libdave.so loads on Java 25 and a DAVE session works, without Discord. libdave needs glibc ≥ 2.38:
 * on Debian 12 Surefire runs this class in a JVM started through Debian 13's loader (.ci/java-trixie.sh,
 * execution {@code dave-natives}). If the library cannot load, this test errors — it is never skipped.
 */
@Tag("dave-natives")
class DaveNativesSmokeTest {

    @Test
    void libdaveLoadsAndASessionProducesAnMlsKeyPackage() throws Exception {
        System.out.println("java " + Runtime.version() + ", libc mapped: " + mappedLibc());

        short version = LibDave.getMaxSupportedProtocolVersion();
        assertThat(version).as("DAVE protocol version from libdave").isGreaterThanOrEqualTo((short) 1);

        List<byte[]> keyPackages = new CopyOnWriteArrayList<>();
        DaveProtocolCallbacks callbacks = new DaveProtocolCallbacks() {
            @Override
            public void sendMLSKeyPackage(ByteBuffer keyPackage) {
                byte[] copy = new byte[keyPackage.remaining()];
                keyPackage.get(copy);
                keyPackages.add(copy);
            }

            @Override
            public void sendDaveProtocolReadyForTransition(int transitionId) {
            }

            @Override
            public void sendMLSCommitWelcome(ByteBuffer commitWelcome) {
            }

            @Override
            public void sendMLSInvalidCommitWelcome(int transitionId) {
            }
        };
        // what JDA does when it joins a voice channel: the factory from the audio module config makes the session
        DaveSession session = new JDaveSessionFactory().createDaveSession(callbacks, 1_234_567_890_123_456_789L, 987_654_321_098_765_432L);
        try {
            assertThat(session.getMaxProtocolVersion()).isEqualTo(version);
            session.initialize();
            session.onSelectProtocolAck(version);
            assertThat(keyPackages).as("an MLS key package for the voice gateway").isNotEmpty();
            assertThat(keyPackages.getFirst()).hasSizeGreaterThan(32);
        } finally {
            session.destroy();
        }
    }

    private static String mappedLibc() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .filter(l -> l.endsWith("libc.so.6")).map(l -> l.substring(l.lastIndexOf(' ') + 1)).findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }
}
