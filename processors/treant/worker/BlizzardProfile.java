package treant.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The parts of Blizzard's character summary ({@code /profile/wow/character/{realm}/{name}}) the card shows. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BlizzardProfile(String name, Integer level, Named race, @JsonProperty("character_class") Named characterClass,
                              Guild guild, BlizzardEquipment.Realm realm,
                              @JsonProperty("average_item_level") Integer averageItemLevel,
                              @JsonProperty("equipped_item_level") Integer equippedItemLevel) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Named(String name) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Guild(String name) {}

    public String raceName() {
        return race == null ? null : race.name();
    }

    public String className() {
        return characterClass == null ? null : characterClass.name();
    }

    public String guildName() {
        return guild == null ? null : guild.name();
    }
}
