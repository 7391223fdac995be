package treant.worker;

/** The worker end to end with the embedded H2 file store (local runs). */
class WorkerEmbeddedStoreIntegrationTest extends WorkerIntegrationTestBase {
    @Override
    String store() {
        return "embedded";
    }
}
