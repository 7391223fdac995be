package treant.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** Blizzard's {@code /character-media}: render URLs by key; Classic often lists only {@code avatar}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BlizzardMedia(List<Asset> assets) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Asset(String key, String value) {}

    /** The avatar's URL when it is an https URL, else null. */
    public String avatar() {
        if (assets == null) {
            return null;
        }
        return assets.stream().filter(a -> a != null && "avatar".equals(a.key()) && a.value() != null
                        && a.value().startsWith("https://"))
                .map(Asset::value).findFirst().orElse(null);
    }
}
