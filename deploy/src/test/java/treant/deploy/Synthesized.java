package treant.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.IConstruct;

/**
 * One shape's stack, synthesized once per test run (both test classes share it), with helpers that read
 * each role's IAM statements out of the template. The Lambda code is a placeholder jar made here, so the
 * tests do not need the application's target/treant.jar.
 */
final class Synthesized {

    private static final Map<Shape, Synthesized> CACHE = new EnumMap<>(Shape.class);

    final Shape shape;
    final TreantStack stack;
    final Template template;
    final Path templateFile;

    private Synthesized(Shape shape, Map<String, Object> extraContext) {
        this.shape = shape;
        Map<String, Object> context = new HashMap<>(extraContext);
        context.put(TreantStack.SHAPE_CONTEXT, shape.contextValue);
        context.put(TreantStack.JAR_CONTEXT, placeholderJar().toString());
        Path out = Path.of("target/cdk.out-" + shape.contextValue + (extraContext.isEmpty() ? "" : "-" + extraContext.hashCode()));
        App app = App.Builder.create().outdir(out.toString()).context(context).build();
        stack = TreantStack.create(app);
        template = Template.fromStack(stack);
        app.synth();
        templateFile = out.resolve("Treant.template.json");
    }

    static synchronized Synthesized of(Shape shape) {
        return CACHE.computeIfAbsent(shape, s -> new Synthesized(s, Map.of()));
    }

    /** A fresh synth with more context values (not cached). */
    static Synthesized with(Shape shape, Map<String, Object> context) {
        return new Synthesized(shape, context);
    }

    static synchronized Path placeholderJar() {
        Path jar = Path.of("target/test-assets/treant.jar");
        if (!Files.exists(jar)) {
            try {
                Files.createDirectories(jar.getParent());
                try (OutputStream os = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(os)) {
                    zip.putNextEntry(new ZipEntry("placeholder.txt"));
                    zip.write("stands in for target/treant.jar in the deploy tests\n".getBytes());
                    zip.closeEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jar;
    }

    // ---- references as they appear in the template

    String logicalId(Object construct) {
        var node = ((IConstruct) construct).getNode();
        return stack.getLogicalId((CfnElement) node.getDefaultChild());
    }

    Map<String, Object> arn(Object construct) {
        return Map.of("Fn::GetAtt", List.of(logicalId(construct), "Arn"));
    }

    Map<String, Object> ref(Object construct) {
        return Map.of("Ref", logicalId(construct));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> properties(String type, Object construct) {
        return (Map<String, Object>) template.findResources(type).get(logicalId(construct)).get("Properties");
    }

    // ---- IAM: what a role may do, and on what

    record Statement(Set<String> actions, List<Object> resources) {
    }

    @SuppressWarnings("unchecked")
    List<Statement> statementsOf(Role role) {
        Map<String, Object> roleRef = ref(role);
        List<Statement> result = new ArrayList<>();
        for (Map<String, Object> policy : template.findResources("AWS::IAM::Policy").values()) {
            Map<String, Object> props = (Map<String, Object>) policy.get("Properties");
            if (!((List<Object>) props.get("Roles")).contains(roleRef)) {
                continue;
            }
            for (Object s : (List<Object>) ((Map<String, Object>) props.get("PolicyDocument")).get("Statement")) {
                Map<String, Object> st = (Map<String, Object>) s;
                assertThat(st.get("Effect")).isEqualTo("Allow");
                assertThat(st).doesNotContainKeys("NotAction", "NotResource");
                Object a = st.get("Action");
                Set<String> actions = new HashSet<>(a instanceof List<?> l ? (List<String>) l : List.of((String) a));
                Object r = st.get("Resource");
                result.add(new Statement(actions, r instanceof List<?> l ? (List<Object>) l : List.of(r)));
            }
        }
        return result;
    }

    /** Resource → the actions the role may do on it, over all its statements. */
    Map<Object, Set<String>> permissionsOf(Role role) {
        Map<Object, Set<String>> result = new LinkedHashMap<>();
        for (Statement s : statementsOf(role)) {
            for (Object r : s.resources()) {
                result.computeIfAbsent(r, k -> new HashSet<>()).addAll(s.actions());
            }
        }
        return result;
    }

    Set<String> actionsOf(Role role) {
        Set<String> all = new HashSet<>();
        statementsOf(role).forEach(s -> all.addAll(s.actions()));
        return all;
    }

    /** Pairs of resource and actions, for comparing with {@link #permissionsOf}. */
    static Map<Object, Set<String>> permissions(Object... resourceThenActions) {
        Map<Object, Set<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < resourceThenActions.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> actions = (List<String>) resourceThenActions[i + 1];
            m.computeIfAbsent(resourceThenActions[i], k -> new HashSet<>()).addAll(actions);
        }
        return m;
    }

    static final List<String> SEND = List.of("sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes");
    static final List<String> CONSUME = List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
            "sqs:GetQueueUrl", "sqs:GetQueueAttributes");
    static final List<String> DEAD_LETTER = List.of("sqs:SendMessage", "sqs:GetQueueUrl");
    static final List<String> READ_SECRET = List.of("secretsmanager:GetSecretValue");
    /** The api: autocomplete's lists, read; each user's voice allowance, a conditional update. */
    static final List<String> API_TABLE = List.of("dynamodb:GetItem", "dynamodb:DescribeTable", "dynamodb:UpdateItem");
    static final List<String> TABLE = List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
            "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:DescribeTable");
    static final List<String> OWN_LOGS = List.of("logs:CreateLogStream", "logs:PutLogEvents");

    /** What the api may do, apart from writing its own logs (a Lambda function does that through its role). */
    Map<Object, Set<String>> apiPermissions() {
        TreantStack s = stack;
        return permissions(arn(s.commandQueue), SEND, arn(s.voiceQueue), SEND, arn(s.table), API_TABLE,
                ref(s.discordPublicKey), READ_SECRET);
    }

    Map<Object, Set<String>> workerPermissions() {
        TreantStack s = stack;
        return permissions(arn(s.commandQueue), CONSUME, arn(s.voiceQueue), SEND, arn(s.table), TABLE, ref(s.blizzard), READ_SECRET, ref(s.geminiApiKey), READ_SECRET,
                ref(s.warcraftLogs), READ_SECRET, ref(s.discordToken), READ_SECRET);
    }
}
