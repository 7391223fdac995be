package treant.deploy;

import software.amazon.awscdk.App;

/**
 * CDK entry point: {@code cd deploy && npx aws-cdk@2 synth} (cdk.json runs this) or
 * {@code mvn -f deploy/pom.xml compile exec:java}. Context values: {@code -c shape=serverless} (default) or
 * {@code -c shape=always-on}; {@code -c treantJar=<path>} (default {@code ../target/treant-function.jar}, the
 * Lambda code of the serverless shape); {@code -c secretsRevision=<n>} (default 1, see {@link TreantStack});
 * {@code -c apiRateLimit=<n> -c apiBurstLimit=<n>} (the HTTP API's throttling, default 20 and 40);
 * {@code -c apiReservedConcurrency=<n|off> -c workerReservedConcurrency=<n|off>} (default 10 and 5).
 */
public final class TreantApp {

    private TreantApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        TreantStack.create(app);
        app.synth();
    }
}
