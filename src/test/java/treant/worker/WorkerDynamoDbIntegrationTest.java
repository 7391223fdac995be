package treant.worker;

/** The worker end to end with the DynamoDB store, on dynalite. */
class WorkerDynamoDbIntegrationTest extends WorkerIntegrationTestBase {
    @Override
    String store() {
        return "dynamodb";
    }
}
