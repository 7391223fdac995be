package treant.worker;

import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import treant.Keys;

/**
 * The judge's parallel Blizzard calls (multicast) joined into one exchange: the first part, the
 * equipment answer, stays the message (its status decides the flow); the optional parts add only
 * their exchange properties, so nothing else of theirs leaks into the job.
 */
public final class CardParts implements AggregationStrategy {

    static final List<String> OPTIONAL = List.of(Keys.CHARACTER_PROFILE, Keys.CHARACTER_MEDIA, Keys.SPECIALIZATIONS);

    @Override
    public Exchange aggregate(Exchange joined, Exchange part) {
        if (joined == null) {
            return part;
        }
        for (String key : OPTIONAL) {
            Object value = part.getProperty(key);
            if (value != null) {
                joined.setProperty(key, value);
            }
        }
        return joined;
    }
}
