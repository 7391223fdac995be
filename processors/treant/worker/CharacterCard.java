package treant.worker;

/**
 * What the judge knows about a character: the gear (always), and what the optional calls gave
 * (summary, media, talents; each null when its call failed or found nothing).
 */
public record CharacterCard(BlizzardEquipment equipment, BlizzardProfile profile, BlizzardMedia media,
                            BlizzardSpecializations specializations) {

    public static CharacterCard gearOnly(BlizzardEquipment equipment) {
        return new CharacterCard(equipment, null, null, null);
    }

    /** This card with one more optional part (a summary, media or talents); anything else changes nothing. */
    public CharacterCard with(Object part) {
        return switch (part) {
            case BlizzardProfile p -> new CharacterCard(equipment, p, media, specializations);
            case BlizzardMedia m -> new CharacterCard(equipment, profile, m, specializations);
            case BlizzardSpecializations s -> new CharacterCard(equipment, profile, media, s);
            case null, default -> this;
        };
    }

    /** Blizzard's spelling of the name, else as typed. */
    public String name(String requested) {
        if (profile != null && profile.name() != null) {
            return profile.name();
        }
        if (equipment != null && equipment.character() != null && equipment.character().name() != null) {
            return equipment.character().name();
        }
        return requested;
    }

    public String realm(String realmSlug) {
        if (profile != null && profile.realm() != null && profile.realm().name() != null) {
            return profile.realm().name();
        }
        if (equipment != null && equipment.character() != null && equipment.character().realm() != null
                && equipment.character().realm().name() != null) {
            return equipment.character().realm().name();
        }
        return realmSlug;
    }

    public String talentSplit() {
        return specializations == null ? null : specializations.split();
    }

    public String avatar() {
        return media == null ? null : media.avatar();
    }
}
