package treant.recap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a recap says about a report, counted from Warcraft Logs' answer: per boss the kills and wipes,
 * the kill time and the best wipe; the night's top damage and healing; who died on kills and to what.
 * The embed ({@link RecapMessage}) and the AI summary's prompt ({@link RecapSummary}) both read it.
 */
public record RaidNight(RaidReport report, List<Boss> bosses, List<Rank> damage, List<Rank> healing, long rankedMs,
                        List<Deaths> deaths) {

    static final int TOP = 3;

    /**
     * One boss, in the order it was first pulled. {@code killMs}: the first kill's length, or null;
     * {@code bestWipePercent}: the lowest boss health a wipe left, or null without wipes.
     */
    public record Boss(String name, int kills, int wipes, Long killMs, Double bestWipePercent) {}

    /** A player's total (damage or healing) over every boss pull of the night. */
    public record Rank(String name, String playerClass, long total) {}

    /** A player's deaths on kills and the ability that killed them most often (the earliest on a tie). */
    public record Deaths(String name, int count, String topKillingBlow) {}

    public static RaidNight of(RaidReport report) {
        Map<Integer, List<RaidReport.Fight>> byBoss = new LinkedHashMap<>();
        report.fightList().stream().sorted(Comparator.comparingLong(RaidReport.Fight::startTime))
                .forEach(f -> byBoss.computeIfAbsent(f.encounterID(), k -> new ArrayList<>()).add(f));
        List<Boss> bosses = new ArrayList<>();
        for (List<RaidReport.Fight> pulls : byBoss.values()) {
            int kills = 0;
            Long killMs = null;
            Double best = null;
            for (RaidReport.Fight f : pulls) {
                if (f.isKill()) {
                    kills++;
                    killMs = killMs == null ? f.durationMs() : killMs;
                } else if (f.bossPercentage() != null) {
                    best = best == null ? f.bossPercentage() : Math.min(best, f.bossPercentage());
                }
            }
            String name = pulls.getFirst().name() == null ? "Encounter " + pulls.getFirst().encounterID() : pulls.getFirst().name();
            bosses.add(new Boss(name, kills, pulls.size() - kills, killMs, best));
        }
        Set<Integer> players = new HashSet<>();
        report.players().forEach(a -> players.add(a.id()));
        return new RaidNight(report, bosses, top(report.damageDone(), players), top(report.healing(), players),
                report.damageDone() == null ? 0 : report.damageDone().totalTime(), deaths(report.deaths(), players));
    }

    /** The table's top {@link #TOP} players (pets and NPCs left out when the players are known). */
    static List<Rank> top(RaidReport.Table table, Set<Integer> players) {
        if (table == null) {
            return List.of();
        }
        return table.entries().stream()
                .filter(e -> e.name() != null && e.total() != null && e.total() > 0)
                .filter(e -> players.isEmpty() || (e.id() != null && players.contains(e.id())))
                .sorted(Comparator.comparingLong(RaidReport.Entry::total).reversed())
                .limit(TOP)
                .map(e -> new Rank(e.name(), e.type(), e.total()))
                .toList();
    }

    /** Deaths per player, most deaths first (then by name). */
    static List<Deaths> deaths(RaidReport.Table table, Set<Integer> players) {
        if (table == null) {
            return List.of();
        }
        Map<String, List<RaidReport.Entry>> byPlayer = new LinkedHashMap<>();
        table.entries().stream()
                .filter(e -> e.name() != null)
                .filter(e -> players.isEmpty() || e.id() == null || players.contains(e.id()))
                .sorted(Comparator.comparingLong(e -> e.timestamp() == null ? 0 : e.timestamp()))
                .forEach(e -> byPlayer.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(e));
        List<Deaths> out = new ArrayList<>();
        byPlayer.forEach((name, list) -> {
            Map<String, Integer> blows = new LinkedHashMap<>(); // in time order: the earliest wins a tie
            for (RaidReport.Entry e : list) {
                if (e.killedBy() != null) {
                    blows.merge(e.killedBy(), 1, Integer::sum);
                }
            }
            String top = blows.entrySet().stream().max(Comparator.comparingInt(Map.Entry::getValue))
                    .map(Map.Entry::getKey).orElse(null);
            out.add(new Deaths(name, list.size(), top));
        });
        out.sort(Comparator.comparingInt(Deaths::count).reversed().thenComparing(Deaths::name));
        return out;
    }

    public long lengthMs() {
        return Math.max(0, report.endTime() - report.startTime());
    }

    public boolean anyKill() {
        return bosses.stream().anyMatch(b -> b.kills() > 0);
    }
}
