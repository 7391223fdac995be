package treant.deploy;

import software.amazon.awscdk.App;

/** CDK entry point: {@code cd deploy && npx cdk synth} (cdk.json runs this) or {@code mvn -f deploy/pom.xml compile exec:java}. */
public final class TreantApp {

    private TreantApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        TreantStack.create(app);
        app.synth();
    }
}
