package treant.voice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpeechTextTest {

    @Test
    void markupIsNeutralised() {
        assertThat(SpeechText.neutralise("<speak><prosody rate=\"x-fast\">Hi</prosody> <break time=\"10s\"/>there</speak>"))
                .isEqualTo("Hi there");
        assertThat(SpeechText.neutralise("Tom & Jerry &amp; <3")).isEqualTo("Tom and Jerry and amp; 3");
        assertThat(SpeechText.neutralise("a\u0000b\u200bc\n\n  d")).isEqualTo("abc d");
        assertThat(SpeechText.neutralise(null)).isEmpty();
        assertThat(SpeechText.neutralise("Barkskin's bark")).doesNotContain("'");
    }
}
