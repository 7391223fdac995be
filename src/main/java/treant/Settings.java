package treant;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/** Typed reads of Treant's properties (application.properties, overridden by environment variables). */
public final class Settings {

    private final PropertiesComponent properties;

    public Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
    }

    public String get(String key) {
        return properties.resolveProperty(key).map(String::trim).orElse("");
    }

    /** A property that must be set for the role being started; the message names it, never its value. */
    public String required(String key, String role) {
        String value = get(key);
        if (value.isEmpty()) {
            throw new IllegalStateException("the " + role + " role needs " + key + " (environment variable "
                    + key.toUpperCase().replace('.', '_').replace('-', '_') + ")");
        }
        return value;
    }

    public int getInt(String key) {
        return Integer.parseInt(get(key));
    }

    public long getLong(String key) {
        return Long.parseLong(get(key));
    }

    public boolean getBoolean(String key) {
        return Boolean.parseBoolean(get(key));
    }
}
