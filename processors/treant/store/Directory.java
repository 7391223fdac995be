package treant.store;

import java.time.Instant;
import java.util.List;

/**
 * What autocomplete offers, kept fresh by the worker and read by the api: the realm index and the
 * guild's roster, each stored as one list (a put replaces it whole).
 */
public interface Directory {

    /** The realms of the game version's region (value: the realm slug). */
    String REALMS = "realms";
    /** The configured guild's members (value: the character name). */
    String ROSTER = "roster";

    /** One entry: what the user sees, and what the option gets. */
    record Entry(String name, String value) {}

    /** The stored list and when it was stored. */
    record Listing(List<Entry> entries, Instant updatedAt) {}

    /** Replaces the list of that kind. */
    void putListing(String kind, List<Entry> entries, Instant now);

    /** The stored list of that kind, or null when none was ever stored. */
    Listing listing(String kind);
}
