package treant.interactions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import treant.discord.Interaction;
import treant.discord.InteractionResponse;
import treant.store.Directory;

/**
 * Autocomplete for {@code /treant judge realm:} and {@code character:} (the guild's roster, when
 * {@code treant.blizzard.guild} is set). Discord cannot be kept waiting here (no deferral, 3 s), so
 * the choices come from what the api already holds: the lists the worker keeps in the store, read
 * at most every {@code cacheSeconds} and never waited for longer than {@code storeWaitMs}; before
 * the first read, or when the store cannot be reached, the shipped realm list (and no characters).
 * Always an answer, possibly with no choices; never an error.
 */
public final class JudgeAutocomplete {

    private static final Logger LOG = LoggerFactory.getLogger(JudgeAutocomplete.class);

    private record Held(List<Directory.Entry> realms, List<Directory.Entry> roster, Instant readAt) {}

    private final Directory store;
    private final List<Directory.Entry> defaultRealms;
    private final boolean guildConfigured;
    private final Duration cacheFor;
    private final long storeWaitMs;
    private final Clock clock;
    private final AtomicReference<Held> held;
    private final AtomicReference<CompletableFuture<Held>> reading = new AtomicReference<>();

    /**
     * @param defaultRealms comma-separated realm names shipped with Treant (a fresh install's choices)
     */
    public JudgeAutocomplete(Directory store, String defaultRealms, String guild, int cacheSeconds, int storeWaitMs,
                             Clock clock) {
        this.store = store;
        this.defaultRealms = Arrays.stream(defaultRealms.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(name -> new Directory.Entry(name, DispatchCommand.realmSlug(name))).toList();
        this.guildConfigured = guild != null && !guild.isBlank();
        this.cacheFor = Duration.ofSeconds(cacheSeconds);
        this.storeWaitMs = storeWaitMs;
        this.clock = clock;
        this.held = new AtomicReference<>(new Held(this.defaultRealms, List.of(), Instant.MIN));
    }

    /** The exchange's interaction (type 4) → the answer (type 8). */
    public InteractionResponse answer(Exchange exchange) {
        return answer(exchange.getMessage().getBody(Interaction.class));
    }

    public InteractionResponse answer(Interaction interaction) {
        Interaction.Option focused = interaction.focusedOption();
        Interaction.Option sub = interaction.subcommand();
        if (focused == null || sub == null || !"judge".equals(sub.name())) {
            return InteractionResponse.choices(List.of());
        }
        String typed = focused.value() instanceof String s ? s.strip() : "";
        return switch (String.valueOf(focused.name())) {
            case "realm" -> InteractionResponse.choices(matching(current().realms(), typed));
            case "character" -> InteractionResponse.choices(guildConfigured ? matching(current().roster(), typed) : List.of());
            default -> InteractionResponse.choices(List.of());
        };
    }

    /** Names starting with what was typed first, then names containing it; at most 25. */
    static List<InteractionResponse.Choice> matching(List<Directory.Entry> entries, String typed) {
        String t = typed.toLowerCase(Locale.ROOT);
        List<InteractionResponse.Choice> starts = new ArrayList<>();
        List<InteractionResponse.Choice> contains = new ArrayList<>();
        for (Directory.Entry e : entries) {
            String name = e.name().toLowerCase(Locale.ROOT);
            InteractionResponse.Choice c = new InteractionResponse.Choice(cut(e.name()), e.value());
            if (name.startsWith(t)) {
                starts.add(c);
            } else if (name.contains(t)) {
                contains.add(c);
            }
        }
        starts.addAll(contains);
        return starts.stream().limit(InteractionResponse.MAX_CHOICES).toList();
    }

    /** What is held, refreshed from the store when older than the cache time (waiting at most storeWaitMs). */
    private Held current() {
        Held now = held.get();
        if (clock.instant().isBefore(now.readAt().plus(cacheFor))) {
            return now;
        }
        CompletableFuture<Held> read = reading.get();
        if (read == null) {
            CompletableFuture<Held> mine = new CompletableFuture<>();
            if (reading.compareAndSet(null, mine)) {
                Thread.ofVirtual().name("autocomplete-store-read").start(() -> readStore(mine, now));
                read = mine;
            } else {
                read = reading.get();
            }
        }
        try {
            return read == null ? held.get() : read.get(storeWaitMs, TimeUnit.MILLISECONDS);
        } catch (Exception slowOrFailed) {
            return held.get(); // the read goes on; the next request gets its result
        }
    }

    private void readStore(CompletableFuture<Held> result, Held before) {
        Held next;
        try {
            Directory.Listing realms = store.listing(Directory.REALMS);
            Directory.Listing roster = guildConfigured ? store.listing(Directory.ROSTER) : null;
            next = new Held(realms == null || realms.entries().isEmpty() ? defaultRealms : realms.entries(),
                    roster == null ? List.of() : roster.entries(), clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("autocomplete: the store cannot be read ({}); offering what is held until the next try", e.toString());
            next = new Held(before.realms(), before.roster(), clock.instant()); // try again after the cache time
        }
        held.set(next);
        reading.set(null);
        result.complete(next);
    }

    private static String cut(String name) {
        return name.length() <= 100 ? name : name.substring(0, 99) + "…";
    }
}
