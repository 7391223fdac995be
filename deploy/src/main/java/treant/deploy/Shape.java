package treant.deploy;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How the api and worker roles run; chosen with {@code cdk synth -c shape=…}. Voice is on Fargate in both. */
public enum Shape {
    /** api and worker as Lambda functions behind an API Gateway HTTP API and an SQS event source (the default). */
    SERVERLESS("serverless"),
    /** api, worker and voice as always-on Fargate services; the HTTP API reaches the api through a VPC link. */
    ALWAYS_ON("always-on");

    public static final Shape DEFAULT = SERVERLESS;

    public final String contextValue;

    Shape(String contextValue) {
        this.contextValue = contextValue;
    }

    /** The shape named by the {@code shape} context value; {@code null} or empty means {@link #DEFAULT}. */
    public static Shape of(Object value) {
        if (value == null || value.toString().isBlank()) {
            return DEFAULT;
        }
        for (Shape s : values()) {
            if (s.contextValue.equals(value.toString().trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown shape '" + value + "': use -c shape="
                + Arrays.stream(values()).map(s -> s.contextValue).collect(Collectors.joining(" or -c shape=")));
    }
}
