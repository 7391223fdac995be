package treant.interactions;

import treant.Keys;
import treant.discord.Markdown;
import treant.voice.SpeechText;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import treant.discord.Interaction;
import treant.discord.InteractionResponse;
import treant.jobs.CommandJob;
import treant.jobs.VoiceJob;

/**
 * Application command → {@link Dispatch}: validates the options of {@code /treant pun|speak|gold|judge|recap}
 * and decides the immediate reply and the job to enqueue. Invalid options end in
 * {@link InvalidOptions} (an ephemeral reply), an unknown command in a 400.
 */
public final class DispatchCommand implements Processor {

    /** WoW character names: 2 to 12 letters, accented letters allowed, nothing else. */
    private static final Pattern CHARACTER_NAME = Pattern.compile("\\p{L}{2,12}");
    /** Realm names as typed ("Dreamscythe", "Living Flame", "Zul'jin"). */
    private static final Pattern REALM_NAME = Pattern.compile("[\\p{L}][\\p{L} '\\-]{0,39}");

    public static final int DEFAULT_GOLD_AMOUNT = 1000;

    private final int maxTextLength;
    private final long maxGoldAmount;
    private final Clock clock;
    private final JudgeSetup judgeSetup;
    private final RecapSetup recapSetup;

    public DispatchCommand(int maxTextLength, long maxGoldAmount, JudgeSetup judgeSetup, RecapSetup recapSetup, Clock clock) {
        this.maxTextLength = SpeechText.checkedMaxLength(maxTextLength);
        this.maxGoldAmount = maxGoldAmount;
        this.judgeSetup = judgeSetup;
        this.recapSetup = recapSetup;
        this.clock = clock;
    }

    public DispatchCommand(int maxTextLength, long maxGoldAmount, JudgeSetup judgeSetup, RecapSetup recapSetup) {
        this(maxTextLength, maxGoldAmount, judgeSetup, recapSetup, Clock.systemUTC());
    }

    public DispatchCommand(int maxTextLength, long maxGoldAmount, JudgeSetup judgeSetup, Clock clock) {
        this(maxTextLength, maxGoldAmount, judgeSetup, RecapSetup.configured(), clock);
    }

    public DispatchCommand(int maxTextLength, long maxGoldAmount, JudgeSetup judgeSetup) {
        this(maxTextLength, maxGoldAmount, judgeSetup, Clock.systemUTC());
    }

    public DispatchCommand(int maxTextLength, long maxGoldAmount, Clock clock) {
        this(maxTextLength, maxGoldAmount, JudgeSetup.configured(), clock);
    }

    public DispatchCommand(int maxTextLength, long maxGoldAmount) {
        this(maxTextLength, maxGoldAmount, Clock.systemUTC());
    }

    /**
     * Sets the exchange property {@link Keys#REPLY} and the body to the job (null when there is none,
     * as for a pun outside a server); the route sends the job to the queue of its branch.
     */
    @Override
    public void process(Exchange exchange) {
        Dispatch dispatch = dispatch(exchange.getMessage().getBody(Interaction.class));
        exchange.setProperty(Keys.REPLY, dispatch.reply());
        exchange.getMessage().setBody(dispatch.job());
    }

    public Dispatch dispatch(Interaction interaction) {
        if (interaction.data() == null || !"treant".equals(interaction.data().name())) {
            throw InteractionRejected.badRequest("unknown command");
        }
        Interaction.Option sub = interaction.subcommand();
        String name = sub == null ? "pun" : String.valueOf(sub.name());
        return switch (name) {
            case "pun" -> pun(interaction);
            case "speak" -> speak(interaction, sub);
            case "gold" -> gold(interaction, sub);
            case "judge" -> judge(interaction, sub);
            case "recap" -> recap(interaction, sub);
            default -> throw InteractionRejected.badRequest("unknown command");
        };
    }

    private Dispatch pun(Interaction interaction) {
        String pun = Puns.random();
        InteractionResponse reply = InteractionResponse.message("🌲 **Treant says:** " + pun);
        if (!interaction.inGuild()) {
            return Dispatch.replyOnly(reply); // no voice channel outside a server
        }
        return new Dispatch(Dispatch.VOICE, voiceJob(interaction, pun), reply);
    }

    private Dispatch speak(Interaction interaction, Interaction.Option sub) {
        if (!interaction.inGuild()) {
            throw new InvalidOptions("🔇 Speaking needs a voice channel, and voice needs a server: "
                    + "use `/treant speak` in a server where you are in a voice channel.");
        }
        Object value = Interaction.optionValue(sub, "text");
        String text = value instanceof String s ? s.strip() : "";
        if (text.isEmpty()) {
            throw new InvalidOptions("🔇 Give me something to say: `/treant speak text:<words>`.");
        }
        // decided on the text as the speech engine gets it (the voice role checks the same)
        String unspeakable = SpeechText.whyNotSpeakable(text, maxTextLength);
        if (unspeakable != null) {
            throw new InvalidOptions("🔇 I cannot speak that: " + unspeakable
                    + " (counted as spoken: markup dropped, \"&\" read as \"and\").");
        }
        // the echo is shortened to fit Discord's message, never the speech
        String echo = "🗣️ Treant will say in your voice channel: ";
        return new Dispatch(Dispatch.VOICE, voiceJob(interaction, text), InteractionResponse.message(
                echo + Markdown.escape(text, InteractionResponse.CONTENT_MAX - echo.length())));
    }

    private Dispatch gold(Interaction interaction, Interaction.Option sub) {
        Object value = Interaction.optionValue(sub, "amount");
        // compared exactly: JSON gives any integer (a BigInteger beyond a long, whose longValue wraps)
        BigDecimal amount = value == null ? BigDecimal.valueOf(DEFAULT_GOLD_AMOUNT) : exactNumber(value);
        if (amount == null || amount.stripTrailingZeros().scale() > 0) {
            throw new InvalidOptions("💰 The amount must be a whole number of gold.");
        }
        if (amount.signum() <= 0 || amount.compareTo(BigDecimal.valueOf(maxGoldAmount)) > 0) {
            throw new InvalidOptions("💰 The amount must be between 1 and " + maxGoldAmount + " gold.");
        }
        CommandJob job = CommandJob.gold(interaction, amount.intValueExact(), clock.instant());
        return new Dispatch(Dispatch.COMMAND, job, InteractionResponse.deferred());
    }

    private Dispatch judge(Interaction interaction, Interaction.Option sub) {
        if (!judgeSetup.isConfigured()) {
            throw new InvalidOptions(JudgeSetup.NOT_SET_UP); // now, not a job that could only fail
        }
        Object character = Interaction.optionValue(sub, "character");
        String name = character instanceof String s ? s.strip() : "";
        if (!CHARACTER_NAME.matcher(name).matches()) {
            throw new InvalidOptions("⚖️ `" + printable(name) + "` is not a World of Warcraft character name: "
                    + "2 to 12 letters, no spaces, digits or symbols.");
        }
        String realm = null;
        Object realmOption = Interaction.optionValue(sub, "realm");
        if (realmOption != null) {
            String typed = realmOption instanceof String s ? s.strip() : "";
            if (!REALM_NAME.matcher(typed).matches()) {
                throw new InvalidOptions("⚖️ `" + printable(typed) + "` is not a realm name.");
            }
            realm = realmSlug(typed);
        }
        CommandJob job = CommandJob.judge(interaction, name, realm, clock.instant());
        return new Dispatch(Dispatch.COMMAND, job, InteractionResponse.deferred());
    }

    private Dispatch recap(Interaction interaction, Interaction.Option sub) {
        if (!recapSetup.isConfigured()) {
            throw new InvalidOptions(RecapSetup.NOT_SET_UP); // now, not a job that could only fail
        }
        Object report = Interaction.optionValue(sub, "report");
        String code = null;
        if (report != null) {
            code = recapSetup.reportCode(report instanceof String s ? s : String.valueOf(report), DispatchCommand::printable);
        } else if (!recapSetup.hasGuild()) {
            throw new InvalidOptions(RecapSetup.NO_GUILD);
        }
        return new Dispatch(Dispatch.COMMAND, CommandJob.recap(interaction, code, clock.instant()), InteractionResponse.deferred());
    }

    /** The option's number as it was sent, or null when it is no number. */
    private static BigDecimal exactNumber(Object value) {
        try {
            return value instanceof Number n ? new BigDecimal(n.toString()) : null;
        } catch (NumberFormatException notFinite) {
            return null;
        }
    }

    /** Blizzard's realm slug: lower case, spaces to dashes, apostrophes dropped ("Zul'jin" → "zuljin"). */
    static String realmSlug(String realm) {
        return realm.toLowerCase(Locale.ROOT).replace("'", "").trim().replaceAll("[\\s]+", "-");
    }

    private VoiceJob voiceJob(Interaction interaction, String text) {
        return VoiceJob.of(interaction.guildId(), interaction.userId(), text, interaction.id(), clock.instant());
    }

    /** Echo user input safely: bounded and without backticks that would break the code span. */
    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return cut.replace("`", "'");
    }
}
