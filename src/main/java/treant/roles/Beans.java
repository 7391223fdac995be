package treant.roles;

import org.apache.camel.CamelContext;

/**
 * The beans of a role or a door, built once from named properties ({@code @PropertyInject} fields) and
 * bound by name. {@link RoleWiring} builds the classes a process needs, in {@link Roles#beanClasses}'
 * order: a class may look up the beans of the classes before it.
 */
public interface Beans {

    void bind(CamelContext camel) throws Exception;
}
