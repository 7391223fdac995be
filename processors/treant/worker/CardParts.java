package treant.worker;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The judge's parallel Blizzard calls (multicast) joined into one {@link CharacterCard}: the first
 * part, the gear, is the exchange that goes on (its failure is the job's; its absence, a character
 * Blizzard does not know, leaves the body null); each optional part adds only its body (a summary,
 * media or talents, or null), so nothing else of theirs leaks into the job.
 */
public final class CardParts implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange joined, Exchange part) {
        if (joined == null) {
            if (part.getException() == null) {
                part.getMessage().setBody(part.getMessage().getBody() instanceof BlizzardEquipment gear
                        ? CharacterCard.gearOnly(gear) : null);
            }
            return part;
        }
        if (joined.getMessage().getBody() instanceof CharacterCard card && part.getException() == null) {
            joined.getMessage().setBody(card.with(part.getMessage().getBody()));
        }
        return joined;
    }
}
