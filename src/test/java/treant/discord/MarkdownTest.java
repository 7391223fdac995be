package treant.discord;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTest {

    @Test
    void markdownLinksKeepOnlyTheirLabel() {
        assertThat(Markdown.stripLinks("Buy [Spellstrike Hood](https://evil.example/phish) now"))
                .isEqualTo("Buy Spellstrike Hood now");
        assertThat(Markdown.stripLinks("see [here](<https://x.example/a b>) and [t](http://y.example \"title\")"))
                .isEqualTo("see here and t");
    }

    @Test
    void bareUrlsAndInvitesAreRemoved() {
        assertThat(Markdown.stripLinks("go to https://evil.example/free-gold?x=1 today"))
                .isEqualTo("go to [link removed] today");
        assertThat(Markdown.stripLinks("www.evil.example and <http://hidden.example> and discord.gg/abc"))
                .isEqualTo("[link removed] and [link removed] and [link removed]");
        assertThat(Markdown.stripLinks("HTTPS://LOUD.EXAMPLE")).isEqualTo("[link removed]");
    }

    @Test
    void textWithoutLinksIsUntouched() {
        String text = "Hrrm. Swap Mindtap Talisman for Icon of the Silver Crescent (41 Badges of Justice).";
        assertThat(Markdown.stripLinks(text)).isEqualTo(text);
    }

    @Test
    void plainStripsThenEscapes() {
        assertThat(Markdown.plain("**bold** [x](https://e.example)\nnext"))
                .isEqualTo("\\*\\*bold\\*\\* x next");
    }
}
