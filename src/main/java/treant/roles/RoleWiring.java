package treant.roles;

import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelBeanPostProcessor;
import org.apache.camel.support.PluginHelper;

/**
 * The one configuration class of every process (Camel Main's, and {@code camel run}'s, which builds
 * each configuration class it compiles but in no set order): it builds the {@link Beans} of the roles
 * in {@code treant.roles}, in order. A {@code voiceGateway} bound beforehand (a test's) is kept.
 */
public class RoleWiring implements CamelConfiguration {

    private final boolean withDoors;
    private final String roles;

    /** The roles of {@code treant.roles}, with doors: a server process, or {@code camel run}. */
    public RoleWiring() {
        this(true, null);
    }

    /**
     * @param withDoors false where the door is not Camel's (a Lambda handler, a route test)
     * @param roles     these roles (a route test's), or null for those of {@code treant.roles}
     */
    public RoleWiring(boolean withDoors, String roles) {
        this.withDoors = withDoors;
        this.roles = roles;
    }

    @Override
    public void configure(CamelContext camel) throws Exception {
        boolean voiceGatewayBound = camel.getRegistry().lookupByName("voiceGateway") != null;
        CamelBeanPostProcessor properties = PluginHelper.getBeanPostProcessor(camel);
        Function<String, Optional<String>> settings = key -> roles != null && "treant.roles".equals(key)
                ? Optional.of(roles) : camel.getPropertiesComponent().resolveProperty(key);
        for (String name : Roles.beanClasses(settings, withDoors, voiceGatewayBound)) {
            Class<?> type;
            try {
                type = Class.forName(name);
            } catch (ClassNotFoundException e) {
                // the Lambda functions' artifact has no voice or Discord-session classes
                throw new IllegalStateException(name + " is not in this artifact: it cannot run these roles", e);
            }
            Beans beans = (Beans) type.getDeclaredConstructor().newInstance();
            properties.postProcessBeforeInitialization(beans, name);
            beans.bind(camel);
        }
    }
}
