package treant.recap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One Warcraft Logs report as the recap query asks for it ({@code reportData.report}, field names as
 * in the public v2 schema). Times: the report's are epoch milliseconds, a fight's are milliseconds
 * from the report's start. {@code damageDone}, {@code healing} and {@code deaths} are aliases of
 * {@code table(dataType: …)}, a JSON scalar whose value is {@code {"data": {"entries": […], …}}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RaidReport(String code, String title, long startTime, long endTime, Zone zone, List<Fight> fights,
                         MasterData masterData, Table damageDone, Table healing, Table deaths) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Zone(String name) {}

    /**
     * A pull ({@code fights(killType: Encounters)}): {@code kill} true/false, the boss's health left
     * at its end in percent ({@code bossPercentage}, 0 on a kill).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Fight(int id, int encounterID, String name, Boolean kill, Integer difficulty, Double bossPercentage,
                        Double fightPercentage, long startTime, long endTime) {

        public boolean isKill() {
            return Boolean.TRUE.equals(kill);
        }

        public long durationMs() {
            return Math.max(0, endTime - startTime);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MasterData(List<Actor> actors) {}

    /** A player ({@code actors(type: "Player")}): {@code subType} is the class. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Actor(int id, String name, String subType, String server) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Table(TableData data) {

        public List<Entry> entries() {
            return data == null || data.entries() == null ? List.of() : data.entries();
        }

        public long totalTime() {
            return data == null || data.totalTime() == null ? 0 : data.totalTime();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TableData(Long totalTime, List<Entry> entries) {}

    /**
     * A row of a table: a player's {@code total} (damage or healing), or one death ({@code killingBlow},
     * {@code timestamp}, {@code fight}). {@code type} is the class.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String name, Integer id, String type, Long total, Ability killingBlow, Ability ability,
                        Long timestamp, Integer fight) {

        /** What killed this player: the killing blow, else the death's ability. */
        public String killedBy() {
            if (killingBlow != null && killingBlow.name() != null && !killingBlow.name().isBlank()) {
                return killingBlow.name();
            }
            return ability != null && ability.name() != null && !ability.name().isBlank() ? ability.name() : null;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Ability(String name) {}

    public List<Fight> fightList() {
        return fights == null ? List.of() : fights;
    }

    public String zoneName() {
        return zone == null ? null : zone.name();
    }

    public List<Actor> players() {
        return masterData == null || masterData.actors() == null ? List.of() : masterData.actors();
    }

    /** A report of the guild's list ({@code reportData.reports.data}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Listed(String code, String title, long startTime, long endTime, Zone zone) {}
}
