package treant.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A synthesized template's data resources made real in a moto account, and the template's
 * intrinsic functions resolved against them. The queues, the table and the secrets are created from
 * their template properties (names, keys, visibility, redrive); a role becomes an IAM user holding
 * the role's policies exactly as the template writes them, with each {@code Ref} / {@code Fn::GetAtt}
 * / {@code Fn::Join} replaced by the value CloudFormation would give it in this account. Anything
 * the resolver does not know fails, naming it, rather than being guessed.
 */
final class StackInMoto {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Map<String, Object>> resources;
    /** logical id (or pseudo parameter, or template parameter) → what {@code Ref} gives. */
    private final Map<String, String> refs = new HashMap<>();
    /** "logicalId.Attribute" → what {@code Fn::GetAtt} gives. */
    private final Map<String, String> attributes = new HashMap<>();

    @SuppressWarnings("unchecked")
    StackInMoto(Map<String, Object> template, Map<String, String> parameters) {
        this.resources = (Map<String, Map<String, Object>>) (Map<String, ?>) template.get("Resources");
        refs.put("AWS::AccountId", MotoServer.ACCOUNT);
        refs.put("AWS::Region", MotoServer.REGION);
        refs.put("AWS::Partition", "aws");
        refs.put("AWS::URLSuffix", "amazonaws.com");
        refs.putAll(parameters);
    }

    /** Creates every queue, table and secret of the template; {@code secretValues} by secret name. */
    void createDataResources(SqsClient sqs, DynamoDbClient ddb, SecretsManagerClient secrets, Map<String, String> secretValues) {
        Map<String, Map<String, Object>> redrives = new LinkedHashMap<>();
        for (var e : resourcesOf("AWS::SQS::Queue").entrySet()) {
            Map<String, Object> p = e.getValue();
            String name = (String) p.get("QueueName");
            Map<QueueAttributeName, String> attrs = new HashMap<>();
            copy(p, "VisibilityTimeout", attrs, QueueAttributeName.VISIBILITY_TIMEOUT);
            copy(p, "MessageRetentionPeriod", attrs, QueueAttributeName.MESSAGE_RETENTION_PERIOD);
            String url = sqs.createQueue(b -> b.queueName(name).attributes(attrs)).queueUrl();
            refs.put(e.getKey(), url);
            attributes.put(e.getKey() + ".QueueName", name);
            attributes.put(e.getKey() + ".QueueUrl", url);
            attributes.put(e.getKey() + ".Arn", sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN));
            if (p.get("RedrivePolicy") instanceof Map<?, ?> redrive) {
                @SuppressWarnings("unchecked")
                Map<String, Object> r = (Map<String, Object>) redrive;
                redrives.put(url, r);
            }
        }
        // the dead-letter queues exist now
        redrives.forEach((url, redrive) -> sqs.setQueueAttributes(b -> b.queueUrl(url)
                .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, json(resolve(redrive))))));

        for (var e : resourcesOf("AWS::DynamoDB::Table").entrySet()) {
            Map<String, Object> p = e.getValue();
            String name = (String) p.get("TableName");
            List<KeySchemaElement> keys = new ArrayList<>();
            for (Map<String, Object> k : list(p, "KeySchema")) {
                keys.add(KeySchemaElement.builder().attributeName((String) k.get("AttributeName")).keyType((String) k.get("KeyType")).build());
            }
            List<AttributeDefinition> defs = new ArrayList<>();
            for (Map<String, Object> a : list(p, "AttributeDefinitions")) {
                defs.add(AttributeDefinition.builder().attributeName((String) a.get("AttributeName"))
                        .attributeType((String) a.get("AttributeType")).build());
            }
            String arn = ddb.createTable(b -> b.tableName(name).keySchema(keys).attributeDefinitions(defs)
                    .billingMode(BillingMode.fromValue((String) p.get("BillingMode")))).tableDescription().tableArn();
            refs.put(e.getKey(), name);
            attributes.put(e.getKey() + ".Arn", arn);
        }

        for (var e : resourcesOf("AWS::SecretsManager::Secret").entrySet()) {
            String name = (String) e.getValue().get("Name");
            String value = secretValues.get(name);
            if (value == null) {
                throw new IllegalArgumentException("the template has a secret the test gives no value: " + name);
            }
            refs.put(e.getKey(), secrets.createSecret(b -> b.name(name).secretString(value)).arn()); // Ref of a secret: its ARN
        }
    }

    /**
     * An IAM user holding exactly the policies the template attaches to the role {@code roleId}
     * (its AWS::IAM::Policy resources and its inline policies); returns the user's access key.
     */
    AccessKey principalFor(IamClient iam, String userName, String roleId) {
        Map<String, Object> role = properties(roleId, "AWS::IAM::Role");
        if (role.containsKey("ManagedPolicyArns")) {
            throw new IllegalArgumentException(roleId + " has managed policies, which this test cannot give a principal: "
                    + role.get("ManagedPolicyArns"));
        }
        iam.createUser(b -> b.userName(userName));
        policiesOf(roleId).forEach((name, document) ->
                iam.putUserPolicy(b -> b.userName(userName).policyName(name).policyDocument(json(document))));
        return iam.createAccessKey(b -> b.userName(userName)).accessKey();
    }

    /** The role's policy documents, resolved, by policy name. */
    @SuppressWarnings("unchecked")
    Map<String, Object> policiesOf(String roleId) {
        Map<String, Object> documents = new LinkedHashMap<>();
        Map<String, Object> roleRef = Map.of("Ref", roleId);
        for (var e : resourcesOf("AWS::IAM::Policy").entrySet()) {
            if (((List<Object>) e.getValue().get("Roles")).contains(roleRef)) {
                documents.put(e.getKey(), resolve(e.getValue().get("PolicyDocument")));
            }
        }
        for (Map<String, Object> inline : list(properties(roleId, "AWS::IAM::Role"), "Policies")) {
            documents.put((String) inline.get("PolicyName"), resolve(inline.get("PolicyDocument")));
        }
        if (documents.isEmpty()) {
            throw new IllegalArgumentException(roleId + " has no policy in the template");
        }
        return documents;
    }

    /** Every "action resource" the role's statements allow (the form {@link MotoServer#allowedCalls} reports). */
    @SuppressWarnings("unchecked")
    Set<String> grantedCalls(String roleId) {
        Set<String> calls = new TreeSet<>();
        for (Object document : policiesOf(roleId).values()) {
            for (Map<String, Object> st : (List<Map<String, Object>>) ((Map<String, Object>) document).get("Statement")) {
                for (Object action : asList(st.get("Action"))) {
                    for (Object resource : asList(st.get("Resource"))) {
                        calls.add(action + " " + resource);
                    }
                }
            }
        }
        return calls;
    }

    private static List<?> asList(Object o) {
        return o instanceof List<?> l ? l : List.of(o);
    }

    /** The environment the template gives the container of the task whose task role is {@code roleId}, resolved. */
    @SuppressWarnings("unchecked")
    Map<String, String> containerEnvironment(String roleId) {
        Map<String, Object> roleArn = Map.of("Fn::GetAtt", List.of(roleId, "Arn"));
        for (Map<String, Object> task : resourcesOf("AWS::ECS::TaskDefinition").values()) {
            if (roleArn.equals(task.get("TaskRoleArn"))) {
                List<Map<String, Object>> containers = list(task, "ContainerDefinitions");
                if (containers.size() != 1) {
                    throw new IllegalArgumentException("expected one container in the task of " + roleId);
                }
                Map<String, String> env = new LinkedHashMap<>();
                for (Map<String, Object> v : list(containers.get(0), "Environment")) {
                    env.put((String) v.get("Name"), (String) resolve(v.get("Value")));
                }
                return env;
            }
        }
        throw new IllegalArgumentException("no task definition has the task role " + roleId);
    }

    /** The value CloudFormation would give {@code node} in this account. */
    @SuppressWarnings("unchecked")
    Object resolve(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            if (map.size() == 1 && map.containsKey("Ref")) {
                String id = (String) map.get("Ref");
                return require(refs.get(id), "Ref " + id);
            }
            if (map.size() == 1 && map.containsKey("Fn::GetAtt")) {
                List<Object> att = (List<Object>) map.get("Fn::GetAtt");
                String key = att.get(0) + "." + att.get(1);
                return require(attributes.get(key), "Fn::GetAtt " + key);
            }
            if (map.size() == 1 && map.containsKey("Fn::Join")) {
                List<Object> join = (List<Object>) map.get("Fn::Join");
                StringBuilder s = new StringBuilder();
                for (Object part : (List<Object>) join.get(1)) {
                    s.append(s.isEmpty() ? "" : join.get(0)).append(resolve(part));
                }
                return s.toString();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : map.entrySet()) {
                if (e.getKey().startsWith("Fn::")) {
                    throw new IllegalArgumentException("the IAM contract test cannot resolve " + e.getKey() + ": " + map);
                }
                out.put(e.getKey(), resolve(e.getValue()));
            }
            return out;
        }
        if (node instanceof List<?> l) {
            return l.stream().map(this::resolve).toList();
        }
        return node;
    }

    private static String require(String value, String what) {
        if (value == null) {
            throw new IllegalArgumentException("the IAM contract test cannot resolve " + what
                    + " (only the queues, table, secrets, pseudo parameters and given parameters are in moto)");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> resourcesOf(String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        resources.forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                out.put(id, (Map<String, Object>) r.getOrDefault("Properties", Map.of()));
            }
        });
        return out;
    }

    private Map<String, Object> properties(String id, String type) {
        Map<String, Object> p = resourcesOf(type).get(id);
        if (p == null) {
            throw new IllegalArgumentException("no " + type + " " + id + " in the template");
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> properties, String key) {
        return (List<Map<String, Object>>) properties.getOrDefault(key, List.of());
    }

    private static void copy(Map<String, Object> p, String key, Map<QueueAttributeName, String> attrs, QueueAttributeName name) {
        if (p.containsKey(key)) {
            attrs.put(name, String.valueOf(p.get(key)));
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
