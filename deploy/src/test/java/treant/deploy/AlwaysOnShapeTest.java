package treant.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ecs.FargateService;

/** api, worker and voice always on Fargate; the HTTP API reaches the api through a VPC link and Cloud Map. */
class AlwaysOnShapeTest {

    static final Synthesized S = Synthesized.of(Shape.ALWAYS_ON);
    static final Template T = S.template;
    static final TreantStack STACK = S.stack;

    @Test
    void oneAlwaysOnFargateServicePerRoleAndNoFunction() {
        T.resourceCountIs("AWS::ECS::Service", 3);
        T.resourceCountIs("AWS::Lambda::Function", 0);
        T.allResourcesProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "LaunchType", "FARGATE", "DesiredCount", Map.of("Ref", "TasksPerService"),
                "HealthCheckGracePeriodSeconds", TreantStack.SERVICE_GRACE_PERIOD_SECONDS,
                "DeploymentConfiguration", Match.objectLike(Map.of("DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true))))));
        T.hasParameter("TasksPerService", Match.objectLike(Map.of("Type", "Number", "Default", 1, "MinValue", 0, "MaxValue", 1)));
        for (String role : List.of("api", "worker", "voice")) {
            T.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                    "RequiresCompatibilities", List.of("FARGATE"),
                    "RuntimePlatform", Map.of("CpuArchitecture", "X86_64", "OperatingSystemFamily", "LINUX"),
                    "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                            "Environment", Match.arrayWith(List.of(Map.of("Name", "TREANT_ROLES", "Value", role))),
                            "HealthCheck", TreantStackTest.livenessCheck(),
                            "LogConfiguration", Match.objectLike(Map.of("LogDriver", "awslogs"))))))));
        }
        for (FargateService rolling : List.of(STACK.api, STACK.worker)) {
            assertThat(S.properties("AWS::ECS::Service", rolling).get("DeploymentConfiguration").toString())
                    .contains("MaximumPercent=200", "MinimumHealthyPercent=100");
        }
        // the execution roles (not the task roles) may pull from private ECR
        T.resourcePropertiesCountIs("AWS::IAM::Role", Match.objectLike(Map.of("ManagedPolicyArns",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(
                        ":iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")))))))))), 3);
    }

    @Test
    void theHttpApiReachesTheApiServiceThroughAVpcLinkAndCloudMap() {
        T.resourceCountIs("AWS::ApiGatewayV2::VpcLink", 1);
        T.hasResourceProperties("AWS::ApiGatewayV2::VpcLink", Match.objectLike(Map.of(
                "SecurityGroupIds", List.of(Map.of("Fn::GetAtt", List.of(S.logicalId(STACK.vpcLinkSg), "GroupId"))))));
        T.resourceCountIs("AWS::ApiGatewayV2::Integration", 1);
        T.hasResourceProperties("AWS::ApiGatewayV2::Integration", Match.objectLike(Map.of(
                "IntegrationType", "HTTP_PROXY",
                "ConnectionType", "VPC_LINK",
                "ConnectionId", S.ref(STACK.vpcLink),
                "IntegrationMethod", "ANY",
                "IntegrationUri", S.arn(STACK.api.getCloudMapService()),
                "PayloadFormatVersion", "1.0")));
        T.resourceCountIs("AWS::ServiceDiscovery::PrivateDnsNamespace", 1);
        T.resourceCountIs("AWS::ServiceDiscovery::Service", 1);
        T.hasResourceProperties("AWS::ServiceDiscovery::Service", Match.objectLike(Map.of(
                "Name", "api",
                "DnsConfig", Match.objectLike(Map.of("DnsRecords", List.of(Map.of("TTL", 10, "Type", "SRV")))))));
        assertThat(S.properties("AWS::ECS::Service", STACK.api).get("ServiceRegistries").toString())
                .contains("ContainerPort=" + TreantStack.HTTP_PORT);
        T.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "Environment", Match.arrayWith(List.of(Map.of("Name", "TREANT_ROLES", "Value", "api"))),
                        "PortMappings", List.of(Map.of("ContainerPort", TreantStack.HTTP_PORT, "Protocol", "tcp"))))))));
    }

    /** Inbound rules on the api's group, inline or as separate resources: only the VPC link, only the HTTP port. */
    @Test
    @SuppressWarnings("unchecked")
    void theApiAdmitsOnlyTheVpcLinkOnTheHttpPort() {
        Map<String, Object> apiGroupId = Map.of("Fn::GetAtt", List.of(S.logicalId(STACK.apiSg), "GroupId"));
        Map<String, Object> linkGroupId = Map.of("Fn::GetAtt", List.of(S.logicalId(STACK.vpcLinkSg), "GroupId"));
        List<Map<String, Object>> ingress = new ArrayList<>();
        Object inline = S.properties("AWS::EC2::SecurityGroup", STACK.apiSg).get("SecurityGroupIngress");
        if (inline != null) {
            ingress.addAll((List<Map<String, Object>>) inline);
        }
        for (Map<String, Object> r : T.findResources("AWS::EC2::SecurityGroupIngress").values()) {
            Map<String, Object> p = (Map<String, Object>) r.get("Properties");
            if (apiGroupId.equals(p.get("GroupId"))) {
                ingress.add(p);
            }
        }
        assertThat(ingress).hasSize(1);
        assertThat(ingress.getFirst()).containsEntry("IpProtocol", "tcp")
                .containsEntry("FromPort", TreantStack.HTTP_PORT).containsEntry("ToPort", TreantStack.HTTP_PORT)
                .containsEntry("SourceSecurityGroupId", linkGroupId)
                .doesNotContainKeys("CidrIp", "CidrIpv6");
        // the VPC link's group may only talk to the api's group on that port
        T.hasResourceProperties("AWS::EC2::SecurityGroupEgress", Map.of(
                "GroupId", linkGroupId, "DestinationSecurityGroupId", apiGroupId, "IpProtocol", "tcp",
                "FromPort", TreantStack.HTTP_PORT, "ToPort", TreantStack.HTTP_PORT,
                "Description", "interactions from the VPC link"));
        // worker and voice: nothing inbound
        assertThat(T.findResources("AWS::EC2::SecurityGroupIngress")).hasSize(1);
    }

    @Test
    void apiTaskMayOnlySendToTheQueuesReadTheAutocompleteListsAndThePublicKey() {
        assertThat(S.permissionsOf(STACK.apiRole)).isEqualTo(S.apiPermissions());
    }

    @Test
    void workerTaskMayOnlyConsumeCommandsSendVoiceDeadLetterUseItsTableAndReadItsSecrets() {
        assertThat(S.permissionsOf(STACK.workerRole)).isEqualTo(S.workerPermissions());
        // the automatic recap's timer runs inside the worker task: no schedule
        S.template.resourceCountIs("AWS::Events::Rule", 0);
    }

    @Test
    void taskRolesAreAssumedByEcsTasks() {
        T.resourcePropertiesCountIs("AWS::IAM::Role", Match.objectLike(Map.of("AssumeRolePolicyDocument", Match.objectLike(Map.of(
                "Statement", List.of(Match.objectLike(Map.of("Principal", Map.of("Service", "lambda.amazonaws.com")))))))), 0);
    }
}
