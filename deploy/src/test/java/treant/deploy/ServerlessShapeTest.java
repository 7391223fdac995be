package treant.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static treant.deploy.Synthesized.OWN_LOGS;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The default shape: api and worker on Lambda (SnapStart, alias live), voice alone on Fargate. */
class ServerlessShapeTest {

    static final Synthesized S = Synthesized.of(Shape.SERVERLESS);
    static final Template T = S.template;
    static final TreantStack STACK = S.stack;

    @Test
    void theAppsDefaultShapeIsServerless() {
        assertThat(Shape.DEFAULT).isEqualTo(Shape.SERVERLESS);
        assertThat(STACK.shape).isEqualTo(Shape.SERVERLESS);
    }

    @Test
    void theApiFunctionIsJava25X86WithSnapStartSizedForACamelProcess() {
        T.resourceCountIs("AWS::Lambda::Function", 2);
        assertThat(S.properties("AWS::Lambda::Function", STACK.apiFunction))
                .containsEntry("Runtime", "java25")
                .containsEntry("Handler", "treant.lambda.ApiFunction::handleRequest")
                .containsEntry("Architectures", List.of("x86_64"))
                .containsEntry("MemorySize", 1024)
                .containsEntry("Timeout", 10)
                .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
                .containsEntry("Role", S.arn(STACK.apiRole))
                .containsEntry("LoggingConfig", Map.of("LogGroup", S.ref(STACK.apiFunction.getLogGroup())));
        T.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", TreantStack.API_HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "TREANT_ROLES", "api", "TREANT_SECRETS_REVISION", "1", "TREANT_LOG_FORMAT", "json"))))));
    }

    @Test
    void theHttpApiInvokesTheLiveAliasOfAPublishedVersionWithPayloadFormat2() {
        T.resourceCountIs("AWS::Lambda::Version", 2);
        T.resourceCountIs("AWS::Lambda::Alias", 2);
        assertThat(S.properties("AWS::Lambda::Alias", STACK.apiAlias))
                .containsEntry("Name", "live")
                .containsEntry("FunctionName", S.ref(STACK.apiFunction))
                .containsEntry("FunctionVersion", Map.of("Fn::GetAtt", List.of(versionOf(S, STACK.apiFunction), "Version")));
        T.resourceCountIs("AWS::ApiGatewayV2::Integration", 1);
        T.hasResourceProperties("AWS::ApiGatewayV2::Integration", Map.of(
                "ApiId", S.ref(STACK.httpApi),
                "IntegrationType", "AWS_PROXY",
                "IntegrationUri", S.ref(STACK.apiAlias),
                "PayloadFormatVersion", "2.0"));
        // API Gateway may invoke the alias, from this API only
        T.resourcePropertiesCountIs("AWS::Lambda::Permission", Match.objectLike(Map.of("Principal", "apigateway.amazonaws.com")), 1);
        T.hasResourceProperties("AWS::Lambda::Permission", Match.objectLike(Map.of(
                "Action", "lambda:InvokeFunction",
                "FunctionName", S.ref(STACK.apiAlias),
                "Principal", "apigateway.amazonaws.com",
                "SourceArn", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(
                        S.ref(STACK.httpApi), "/*/*/interactions")))))))));
    }

    @Test
    void theWorkerFunctionConsumesCommandBatchesWithPartialBatchFailures() {
        assertThat(S.properties("AWS::Lambda::Function", STACK.workerFunction))
                .containsEntry("Runtime", "java25")
                .containsEntry("Handler", "treant.lambda.WorkerFunction::handleRequest")
                .containsEntry("Architectures", List.of("x86_64"))
                .containsEntry("Timeout", TreantStack.WORKER_TIMEOUT_SECONDS)
                .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
                .containsEntry("Role", S.arn(STACK.workerRole));
        T.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
        // the alias, as <function name>:live
        assertThat(S.properties("AWS::Lambda::EventSourceMapping", STACK.workerJobs).get("FunctionName").toString())
                .contains(S.logicalId(STACK.workerAlias)).endsWith(":live]]}");
        T.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", S.arn(STACK.commandQueue),
                "FunctionName", Match.anyValue(),
                "BatchSize", 10,
                "MaximumBatchingWindowInSeconds", 1,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures")));
        // the mapping polls with the worker's role: its policy must exist first
        Map<String, Object> mapping = T.findResources("AWS::Lambda::EventSourceMapping").get(S.logicalId(STACK.workerJobs));
        assertThat((List<?>) mapping.get("DependsOn")).anyMatch(d -> d.toString().startsWith("WorkerRoleDefaultPolicy"));
    }

    /** The automatic recap's poll: every 10 minutes the worker's live alias gets the batch of one record it recognises. */
    @Test
    void anEventBridgeScheduleInvokesTheWorkerAliasWithTheRecapPoll() throws Exception {
        T.resourceCountIs("AWS::Events::Rule", 1);
        Map<String, Object> rule = S.properties("AWS::Events::Rule", STACK.recapPoll);
        assertThat(rule).containsEntry("ScheduleExpression", "rate(10 minutes)").containsEntry("State", "ENABLED");
        @SuppressWarnings("unchecked")
        Map<String, Object> target = (Map<String, Object>) ((List<?>) rule.get("Targets")).getFirst();
        assertThat(target.get("Arn").toString()).contains(S.logicalId(STACK.workerAlias));
        // what treant.lambda.WorkerFunction recognises (its test invokes the function with the same event)
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(target.get("Input").toString()))
                .isEqualTo(json.readTree("{\"Records\":[{\"messageId\":\"recap-poll\",\"eventSource\":\"treant:recap-poll\"}]}"));
        assertThat(target).containsEntry("RetryPolicy", Map.of("MaximumRetryAttempts", 0));
        T.hasResourceProperties("AWS::Lambda::Permission", Match.objectLike(Map.of(
                "Action", "lambda:InvokeFunction",
                "FunctionName", S.ref(STACK.workerAlias),
                "Principal", "events.amazonaws.com",
                "SourceArn", S.arn(STACK.recapPoll))));
    }

    /** AWS refuses an SQS event source whose queue hides a message for less than the function's timeout. */
    @Test
    void commandQueueVisibilityIsAtLeastTheWorkerTimeout() {
        int visibility = ((Number) S.properties("AWS::SQS::Queue", STACK.commandQueue).get("VisibilityTimeout")).intValue();
        int timeout = ((Number) S.properties("AWS::Lambda::Function", STACK.workerFunction).get("Timeout")).intValue();
        int window = ((Number) S.properties("AWS::Lambda::EventSourceMapping", STACK.workerJobs)
                .get("MaximumBatchingWindowInSeconds")).intValue();
        assertThat(visibility).isGreaterThanOrEqualTo(timeout + window);
    }

    /**
     * Every delivery of a job, the last one included, must be able to answer while the interaction
     * token lives. Read from the synthesized template: the function's timeout and environment (the
     * job budget, the hold and the redelivery delay the function uses), the queue's visibility and
     * maxReceiveCount, the batching window. Between two deliveries the worst case is the longest of:
     * a job failing at its budget's end and shown again after the redelivery delay; a worker dying at
     * its budget's end, its hold lapsing; an environment dying before the handler takes hold, the
     * queue's own visibility lapsing. The job's budget must also end inside the function's timeout.
     */
    @Test
    void aRedeliveryAlwaysComesWhileTheInteractionTokenLives() {
        Map<String, Object> worker = S.properties("AWS::Lambda::Function", STACK.workerFunction);
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) worker.get("Environment")).get("Variables");
        int budget = Integer.parseInt(env.get("TREANT_WORKER_JOB_BUDGET_SECONDS").toString());
        int hold = Integer.parseInt(env.get("TREANT_SQS_VISIBILITY_TIMEOUT").toString());
        int redeliveryDelay = Integer.parseInt(env.get("TREANT_WORKER_REDELIVERY_DELAY_SECONDS").toString());
        int timeout = ((Number) worker.get("Timeout")).intValue();
        Map<String, Object> queue = S.properties("AWS::SQS::Queue", STACK.commandQueue);
        int visibility = ((Number) queue.get("VisibilityTimeout")).intValue();
        @SuppressWarnings("unchecked")
        int receives = ((Number) ((Map<String, Object>) queue.get("RedrivePolicy")).get("maxReceiveCount")).intValue();
        int window = ((Number) S.properties("AWS::Lambda::EventSourceMapping", STACK.workerJobs)
                .get("MaximumBatchingWindowInSeconds")).intValue();

        assertThat(budget).as("the job's budget ends before the function is stopped").isLessThan(timeout);
        int between = Math.max(budget + Math.max(redeliveryDelay, hold), visibility) + window;
        int lastAnswerBy = (receives - 1) * between + budget;
        assertThat(lastAnswerBy).as("%d receives, %d s apart at worst, each up to %d s", receives, between, budget)
                .isLessThanOrEqualTo(TreantStack.TOKEN_LIFE_SECONDS);
    }

    @Test
    void onlyVoiceRunsOnFargate() {
        T.resourceCountIs("AWS::ECS::Service", 1);
        T.resourceCountIs("AWS::ECS::TaskDefinition", 1);
        T.resourceCountIs("AWS::ApiGatewayV2::VpcLink", 0);
        T.resourceCountIs("AWS::ServiceDiscovery::Service", 0);
        // only the voice task definition's execution role has the managed policy (ECR pull, logs)
        T.resourcePropertiesCountIs("AWS::IAM::Role", Match.objectLike(Map.of("ManagedPolicyArns", Match.anyValue())), 1);
        T.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("AssumeRolePolicyDocument", Match.objectLike(Map.of(
                "Statement", List.of(Match.objectLike(Map.of("Principal", Map.of("Service", "lambda.amazonaws.com")))))))));
    }

    @Test
    void eachFunctionLogsToItsOwnGroupForAMonth() {
        T.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", "/treant/api", "RetentionInDays", 30));
        T.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", "/treant/worker", "RetentionInDays", 30));
    }

    @Test
    void apiFunctionMayOnlySendToTheQueuesReadTheAutocompleteListsAndThePublicKeyAndWriteItsLogs() {
        Map<Object, Set<String>> expected = S.apiPermissions();
        expected.putAll(Synthesized.permissions(S.arn(STACK.apiFunction.getLogGroup()), OWN_LOGS));
        assertThat(S.permissionsOf(STACK.apiRole)).isEqualTo(expected);
    }

    @Test
    void workerFunctionMayOnlyConsumeCommandsSendVoiceDeadLetterUseItsTableReadItsSecretsAndWriteItsLogs() {
        Map<Object, Set<String>> expected = S.workerPermissions();
        expected.putAll(Synthesized.permissions(S.arn(STACK.workerFunction.getLogGroup()), OWN_LOGS));
        assertThat(S.permissionsOf(STACK.workerRole)).isEqualTo(expected);
    }

    /** The logical id of the function's one published version (its hash suffix is added at synthesis). */
    @SuppressWarnings("unchecked")
    private static String versionOf(Synthesized s, Object function) {
        List<String> ids = s.template.findResources("AWS::Lambda::Version").entrySet().stream()
                .filter(e -> s.ref(function).equals(((Map<String, Object>) e.getValue().get("Properties")).get("FunctionName")))
                .map(Map.Entry::getKey).toList();
        assertThat(ids).hasSize(1);
        return ids.getFirst();
    }

    /** SnapStart keeps what start-up read, secrets included: a new revision publishes new versions. */
    @Test
    void bumpingTheSecretsRevisionPublishesNewVersionsBehindTheSameAlias() {
        Synthesized bumped = Synthesized.with(Shape.SERVERLESS, Map.of(TreantStack.SECRETS_REVISION_CONTEXT, "2"));
        assertThat(versionOf(bumped, bumped.stack.apiFunction)).isNotEqualTo(versionOf(S, STACK.apiFunction));
        assertThat(versionOf(bumped, bumped.stack.workerFunction)).isNotEqualTo(versionOf(S, STACK.workerFunction));
        assertThat(bumped.logicalId(bumped.stack.apiAlias)).isEqualTo(S.logicalId(STACK.apiAlias));
        bumped.template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of("TREANT_SECRETS_REVISION", "2"))))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFunctionsCallSqsAndDynamoDbThroughTheJdksHttpClient() {
        // the function artifact has no Apache HTTP client
        for (Object fn : List.of(STACK.apiFunction, STACK.workerFunction)) {
            Map<String, Object> env = (Map<String, Object>) S.properties("AWS::Lambda::Function", fn).get("Environment");
            assertThat((Map<String, Object>) env.get("Variables")).containsEntry("TREANT_AWS_HTTP_CLIENT", "url-connection");
        }
    }

    /** A flood of unsigned requests cannot take the account's concurrency, nor the worker's. */
    @Test
    void bothFunctionsHaveReservedConcurrencyAndTheWorkersPollerStaysWithinIt() {
        assertThat(S.properties("AWS::Lambda::Function", STACK.apiFunction))
                .containsEntry("ReservedConcurrentExecutions", TreantStack.DEFAULT_API_CONCURRENCY);
        assertThat(S.properties("AWS::Lambda::Function", STACK.workerFunction))
                .containsEntry("ReservedConcurrentExecutions", TreantStack.DEFAULT_WORKER_CONCURRENCY);
        assertThat(S.properties("AWS::Lambda::EventSourceMapping", STACK.workerJobs))
                .containsEntry("ScalingConfig", Map.of("MaximumConcurrency", TreantStack.DEFAULT_WORKER_CONCURRENCY));
    }

    @Test
    void theLimitsAreContextValuesAndOffReservesNothing() {
        Synthesized other = Synthesized.with(Shape.SERVERLESS, Map.of(TreantStack.RATE_LIMIT_CONTEXT, "5",
                TreantStack.BURST_LIMIT_CONTEXT, "8", TreantStack.API_CONCURRENCY_CONTEXT, "off",
                TreantStack.WORKER_CONCURRENCY_CONTEXT, "3"));
        assertThat(other.properties("AWS::Lambda::Function", other.stack.apiFunction)).doesNotContainKey("ReservedConcurrentExecutions");
        assertThat(other.properties("AWS::Lambda::Function", other.stack.workerFunction)).containsEntry("ReservedConcurrentExecutions", 3);
        assertThat(other.properties("AWS::Lambda::EventSourceMapping", other.stack.workerJobs))
                .containsEntry("ScalingConfig", Map.of("MaximumConcurrency", 3));
        other.template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Match.objectLike(Map.of(
                "DefaultRouteSettings", Map.of("ThrottlingRateLimit", 5, "ThrottlingBurstLimit", 8))));
    }
}
