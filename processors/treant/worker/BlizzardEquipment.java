package treant.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The parts of Blizzard's {@code /profile/wow/character/{realm}/{name}/equipment} answer Treant reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BlizzardEquipment(Character character, @JsonProperty("equipped_items") List<EquippedItem> equippedItems) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Character(String name, Realm realm) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Realm(String name, String slug) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EquippedItem(ItemRef item, Named slot, Named quality, String name, Level level) {

        public EquippedItem(ItemRef item, Named slot, Named quality, String name) {
            this(item, slot, quality, name, null);
        }

        /** The item level, or null when Blizzard did not say. */
        public Integer itemLevel() {
            return level == null ? null : level.value();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ItemRef(long id) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Named(String type, String name) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Level(Integer value) {}

    public List<EquippedItem> items() {
        return equippedItems == null ? List.of() : equippedItems;
    }
}
