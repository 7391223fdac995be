package treant.roles;

import org.apache.camel.CamelContext;

/**
 * The beans of a role or a door, built once from named properties ({@code @PropertyInject} fields) and
 * bound by name. {@link RoleWiring} builds the classes a process needs, in {@link Roles#beanClasses}'
 * order: a class may look up the beans of the classes before it, in {@link #bind} (not as
 * {@code @BeanInject} fields: {@code camel run} makes and injects an instance of every class it compiles,
 * before {@link RoleWiring} has built anything).
 */
public interface Beans {

    void bind(CamelContext camel) throws Exception;
}
