package treant.store;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.aws2.ddb.Ddb2Constants;
import org.apache.camel.component.aws2.ddb.Ddb2Operations;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;

/**
 * Price history and job ledger in one DynamoDB table ({@code type} hash key S, {@code timestamp}
 * range key N), through camel-aws2-ddb. Item types:
 * <ul>
 *   <li>{@code gold} / epoch millis: a recorded price ({@code unitPrice});</li>
 *   <li>{@code gold#gate} / 0: when a price was last recorded ({@code recordedAt}), the 30-minute gate;</li>
 *   <li>{@code directory#realms}, {@code directory#roster} / 0: what autocomplete offers ({@code entries},
 *       a JSON list of {@code {name, value}}; {@code updatedAt});</li>
 *   <li>{@code job} / interaction id (a Discord snowflake is a number): a job claim ({@code status},
 *       its {@code holder} and {@code leaseUntil} epoch millis, {@code expiresAt} for DynamoDB TTL);</li>
 *   <li>{@code recap#<report code>} / 0: an automatic recap ({@code endTime} and {@code unchangedSince}
 *       epoch millis, {@code status} seen/claimed/posted, {@code holder}, {@code leaseUntil},
 *       {@code postedAt}, {@code expiresAt});</li>
 *   <li>{@code voice} / user id: the user's voice allowance ({@code usedUntil} epoch millis, {@code expiresAt}),
 *       written by the api with UpdateItem only.</li>
 * </ul>
 * Every decision is a conditional write: a put that expects the key to be absent, or an update that
 * expects an old enough timestamp. DynamoDB itself rejects the loser of a race.
 */
public final class DynamoDbStore implements Store, CamelContextAware {

    static final String GATE = "gold#gate";
    /** Directory lists: {@code directory#realms} / 0, {@code directory#roster} / 0. */
    static final String DIRECTORY = "directory#";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    static final String JOB = "job";
    static final String VOICE = "voice";
    private static final String CLAIMED = "claimed";
    private static final String DONE = "done";
    /** Job items only need to outlive the 15-minute interaction token; TTL removes them a day later. */
    private static final Duration JOB_TTL = Duration.ofDays(1);
    /** Recap items: {@code recap#<report code>} / 0. */
    static final String RECAP = "recap#";
    private static final String SEEN = "seen";
    private static final String POSTED = "posted";
    /** Far longer than any report is considered for an automatic recap (treant.warcraftlogs.max-report-age-hours). */
    private static final Duration RECAP_TTL = Duration.ofDays(30);

    private final String endpointUri;
    private CamelContext camelContext;
    private ProducerTemplate template;

    /** @param endpointUri an {@code aws2-ddb:<table>?amazonDDBClient=#…} endpoint */
    public DynamoDbStore(String endpointUri) {
        this.endpointUri = endpointUri;
    }

    /** Over a template of a running context (tests). */
    public DynamoDbStore(ProducerTemplate template, String endpointUri) {
        this.endpointUri = endpointUri;
        this.template = template;
        this.camelContext = template.getCamelContext();
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        this.template = camelContext.createProducerTemplate();
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void close() {
        // the DynamoDB client is a bean of its own; nothing held here
    }

    @Override
    public boolean recordIfDue(BigDecimal unitPrice, Instant now, Duration minInterval) {
        long at = now.toEpochMilli();
        boolean won = putIfAbsent(Map.of("type", s(GATE), "timestamp", n(0), "recordedAt", n(at)))
                || updateIf(key(GATE, "0"), Map.of("recordedAt", put(n(at))),
                        Map.of("recordedAt", expect(ComparisonOperator.LE, n(at - minInterval.toMillis()))));
        if (won) {
            // the gate is ours; a crash before this put leaves a gap in the chart, never a double record
            putIfAbsent(Map.of("type", s(GOLD), "timestamp", n(at), "unitPrice", n(unitPrice.toPlainString())));
        }
        return won;
    }

    @Override
    public List<PricePoint> latest(int limit) {
        Exchange result = call(Ddb2Operations.Query, Map.of(
                Ddb2Constants.KEY_CONDITIONS, Map.of("type", Condition.builder()
                        .comparisonOperator(ComparisonOperator.EQ).attributeValueList(s(GOLD)).build()),
                Ddb2Constants.SCAN_INDEX_FORWARD, false,
                Ddb2Constants.CONSISTENT_READ, true,
                Ddb2Constants.LIMIT, limit));
        failOn(result, "reading the gold price history");
        @SuppressWarnings("unchecked")
        List<Map<String, AttributeValue>> items = result.getMessage().getHeader(Ddb2Constants.ITEMS, List.class);
        List<PricePoint> points = new ArrayList<>();
        if (items != null) {
            for (Map<String, AttributeValue> item : items) {
                points.add(new PricePoint(Instant.ofEpochMilli(Long.parseLong(item.get("timestamp").n())),
                        new BigDecimal(item.get("unitPrice").n())));
            }
        }
        return points;
    }

    @Override
    public boolean claim(String interactionId, String holder, Instant now, Duration lease) {
        long at = now.toEpochMilli();
        AttributeValue until = n(now.plus(lease).toEpochMilli());
        return putIfAbsent(Map.of("type", s(JOB), "timestamp", n(snowflake(interactionId)), "status", s(CLAIMED),
                        "holder", s(holder), "leaseUntil", until, "expiresAt", n(now.plus(JOB_TTL).getEpochSecond())))
                || updateIf(key(JOB, snowflake(interactionId)), Map.of("holder", put(s(holder)), "leaseUntil", put(until)),
                        Map.of("status", expect(ComparisonOperator.EQ, s(CLAIMED)),
                                "leaseUntil", expect(ComparisonOperator.LE, n(at))));
    }

    @Override
    public boolean renew(String interactionId, String holder, Instant now, Duration lease) {
        return updateIf(key(JOB, snowflake(interactionId)), Map.of("leaseUntil", put(n(now.plus(lease).toEpochMilli()))),
                Map.of("status", expect(ComparisonOperator.EQ, s(CLAIMED)),
                        "holder", expect(ComparisonOperator.EQ, s(holder))));
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean isDone(String interactionId) {
        Exchange result = call(Ddb2Operations.GetItem, Map.of(
                Ddb2Constants.KEY, key(JOB, snowflake(interactionId)), Ddb2Constants.CONSISTENT_READ, true));
        failOn(result, "reading job " + interactionId);
        Map<String, AttributeValue> item = result.getMessage().getHeader(Ddb2Constants.ATTRIBUTES, Map.class);
        return item != null && item.get("status") != null && DONE.equals(item.get("status").s());
    }

    @Override
    public boolean complete(String interactionId, String holder, Instant now) {
        return updateIf(key(JOB, snowflake(interactionId)), Map.of("status", put(s(DONE)), "doneAt", put(n(now.toEpochMilli()))),
                Map.of("status", expect(ComparisonOperator.EQ, s(CLAIMED)),
                        "holder", expect(ComparisonOperator.EQ, s(holder))));
    }

    @Override
    public void release(String interactionId, String holder) {
        Exchange result = call(Ddb2Operations.DeleteItem, Map.of(
                Ddb2Constants.KEY, key(JOB, snowflake(interactionId)),
                Ddb2Constants.UPDATE_CONDITION, Map.of("status", expect(ComparisonOperator.EQ, s(CLAIMED)),
                        "holder", expect(ComparisonOperator.EQ, s(holder)))));
        if (!conditionFailed(result)) {
            failOn(result, "releasing job " + interactionId);
        }
    }

    /**
     * Three conditional updates, the first that DynamoDB accepts takes the job: the allowance is whole
     * again ({@code usedUntil < now}), or the user has none yet, or some is left ({@code usedUntil}
     * between now and the latest that allows one more: add one refill). None: read how long to wait.
     * Racing api instances cannot take more than the burst between them.
     */
    @Override
    @SuppressWarnings("unchecked")
    public long takeVoiceJob(String userId, Instant now, Allowance allowance) {
        long at = now.toEpochMilli();
        Map<String, AttributeValue> key = key(VOICE, snowflake(userId));
        for (int attempt = 0; attempt < 3; attempt++) {
            long usedUntil = at + allowance.refillMs();
            Map<String, AttributeValueUpdate> fresh = Map.of("usedUntil", put(n(usedUntil)), "expiresAt", put(n(expiresAt(usedUntil))));
            if (updateIf(key, fresh, Map.of("usedUntil", expect(ComparisonOperator.LT, n(at))))
                    || updateIf(key, fresh, Map.of("usedUntil", ExpectedAttributeValue.builder()
                            .comparisonOperator(ComparisonOperator.NULL).build()))
                    || updateIf(key, Map.of("usedUntil", AttributeValueUpdate.builder().action(AttributeAction.ADD)
                                    .value(n(allowance.refillMs())).build(),
                            "expiresAt", put(n(expiresAt(allowance.latestUsedUntil(at) + allowance.refillMs())))),
                    Map.of("usedUntil", ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.BETWEEN)
                            .attributeValueList(n(at), n(allowance.latestUsedUntil(at))).build()))) {
                return 0;
            }
            Exchange result = call(Ddb2Operations.GetItem, Map.of(Ddb2Constants.KEY, key, Ddb2Constants.CONSISTENT_READ, true));
            failOn(result, "reading the voice allowance of " + userId);
            Map<String, AttributeValue> item = result.getMessage().getHeader(Ddb2Constants.ATTRIBUTES, Map.class);
            if (item != null && item.get("usedUntil") != null) {
                long stored = Long.parseLong(item.get("usedUntil").n());
                if (stored > allowance.latestUsedUntil(at)) {
                    return allowance.waitMs(stored, at);
                }
            }
            // another instance changed it between the writes and the read: decide again
        }
        throw new StoreException("the voice allowance of " + userId + " kept changing", null);
    }

    /** An allowance item outlives its use by a day, then DynamoDB's TTL removes it. */
    private static long expiresAt(long usedUntil) {
        return Instant.ofEpochMilli(usedUntil).plus(JOB_TTL).getEpochSecond();
    }

    @Override
    public void putListing(String kind, List<Directory.Entry> entries, Instant now) {
        String json;
        try {
            json = JSON.writeValueAsString(entries);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("directory entries are not serialisable", e);
        }
        Exchange result = call(Ddb2Operations.PutItem, Map.of(Ddb2Constants.ITEM, Map.of("type", s(DIRECTORY + kind),
                "timestamp", n(0), "entries", s(json), "updatedAt", n(now.toEpochMilli()))));
        failOn(result, "storing the " + kind + " list");
    }

    @Override
    @SuppressWarnings("unchecked")
    public Directory.Listing listing(String kind) {
        Exchange result = call(Ddb2Operations.GetItem, Map.of(Ddb2Constants.KEY, key(DIRECTORY + kind, "0")));
        failOn(result, "reading the " + kind + " list");
        Map<String, AttributeValue> item = result.getMessage().getHeader(Ddb2Constants.ATTRIBUTES, Map.class);
        if (item == null || item.get("entries") == null) {
            return null;
        }
        try {
            return new Directory.Listing(List.of(JSON.readValue(item.get("entries").s(), Directory.Entry[].class)),
                    Instant.ofEpochMilli(Long.parseLong(item.get("updatedAt").n())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException("the stored " + kind + " list is not readable", e);
        }
    }

    @Override
    public RecapLedger.Sighting sight(String code, long endTime, Instant now) {
        Map<String, AttributeValue> key = key(RECAP + reportCode(code), "0");
        for (int attempt = 0; attempt < 3; attempt++) {
            Map<String, AttributeValue> item = getItem(key, "reading recap " + code);
            if (item == null) {
                if (putIfAbsent(Map.of("type", s(RECAP + code), "timestamp", n(0), "endTime", n(endTime),
                        "unchangedSince", n(now.toEpochMilli()), "status", s(SEEN),
                        "expiresAt", n(now.plus(RECAP_TTL).getEpochSecond())))) {
                    return new RecapLedger.Sighting(endTime, now, false);
                }
            } else if (Long.parseLong(item.get("endTime").n()) == endTime) {
                return sighting(item);
            } else if (updateIf(key, Map.of("endTime", put(n(endTime)), "unchangedSince", put(n(now.toEpochMilli()))),
                    Map.of("endTime", expect(ComparisonOperator.EQ, item.get("endTime"))))) {
                return new RecapLedger.Sighting(endTime, now, POSTED.equals(item.get("status").s()));
            }
            // another worker wrote it between the read and the write: read what it wrote
        }
        return sighting(getItem(key, "reading recap " + code));
    }

    private static RecapLedger.Sighting sighting(Map<String, AttributeValue> item) {
        return new RecapLedger.Sighting(Long.parseLong(item.get("endTime").n()),
                Instant.ofEpochMilli(Long.parseLong(item.get("unchangedSince").n())), POSTED.equals(item.get("status").s()));
    }

    @Override
    public boolean claimPost(String code, String holder, Instant now, Duration lease) {
        Map<String, AttributeValue> key = key(RECAP + reportCode(code), "0");
        AttributeValue until = n(now.plus(lease).toEpochMilli());
        return updateIf(key, Map.of("status", put(s(CLAIMED)), "holder", put(s(holder)), "leaseUntil", put(until)),
                        Map.of("status", expect(ComparisonOperator.EQ, s(SEEN))))
                || updateIf(key, Map.of("holder", put(s(holder)), "leaseUntil", put(until)),
                        Map.of("status", expect(ComparisonOperator.EQ, s(CLAIMED)),
                                "leaseUntil", expect(ComparisonOperator.LE, n(now.toEpochMilli()))));
    }

    @Override
    public void posted(String code, Instant now) {
        Exchange result = call(Ddb2Operations.UpdateItem, Map.of(
                Ddb2Constants.KEY, key(RECAP + reportCode(code), "0"),
                Ddb2Constants.UPDATE_VALUES, Map.of("status", put(s(POSTED)), "postedAt", put(n(now.toEpochMilli())))));
        failOn(result, "marking recap " + code + " posted");
    }

    @Override
    public void releasePost(String code, String holder) {
        updateIf(key(RECAP + reportCode(code), "0"), Map.of("status", put(s(SEEN))),
                Map.of("status", expect(ComparisonOperator.EQ, s(CLAIMED)), "holder", expect(ComparisonOperator.EQ, s(holder))));
    }

    @SuppressWarnings("unchecked")
    private Map<String, AttributeValue> getItem(Map<String, AttributeValue> key, String what) {
        Exchange result = call(Ddb2Operations.GetItem, Map.of(Ddb2Constants.KEY, key, Ddb2Constants.CONSISTENT_READ, true));
        failOn(result, what);
        Map<String, AttributeValue> item = result.getMessage().getHeader(Ddb2Constants.ATTRIBUTES, Map.class);
        return item == null || item.isEmpty() ? null : item;
    }

    /** Warcraft Logs report codes are letters and digits (16 of them today). */
    private static String reportCode(String code) {
        if (code == null || !code.matches("[A-Za-z0-9]{1,40}")) {
            throw new IllegalArgumentException("not a Warcraft Logs report code: " + code);
        }
        return code;
    }

    private boolean putIfAbsent(Map<String, AttributeValue> item) {
        Exchange result = call(Ddb2Operations.PutItem, Map.of(
                Ddb2Constants.ITEM, item,
                Ddb2Constants.UPDATE_CONDITION, Map.of("type", ExpectedAttributeValue.builder().exists(false).build())));
        if (conditionFailed(result)) {
            return false;
        }
        failOn(result, "conditional put");
        return true;
    }

    private boolean updateIf(Map<String, AttributeValue> key, Map<String, AttributeValueUpdate> values,
                             Map<String, ExpectedAttributeValue> expected) {
        Exchange result = call(Ddb2Operations.UpdateItem, Map.of(
                Ddb2Constants.KEY, key, Ddb2Constants.UPDATE_VALUES, values, Ddb2Constants.UPDATE_CONDITION, expected));
        if (conditionFailed(result)) {
            return false;
        }
        failOn(result, "conditional update");
        return true;
    }

    private Exchange call(Ddb2Operations operation, Map<String, Object> headers) {
        return template.send(endpointUri, exchange -> {
            exchange.getMessage().setHeaders(new java.util.HashMap<>(headers));
            exchange.getMessage().setHeader(Ddb2Constants.OPERATION, operation);
        });
    }

    private static boolean conditionFailed(Exchange result) {
        for (Throwable t = result.getException(); t != null; t = t.getCause()) {
            if (t instanceof ConditionalCheckFailedException) {
                return true;
            }
        }
        return false;
    }

    private static void failOn(Exchange result, String what) {
        if (result.getException() != null) {
            throw new StoreException(what + " failed", result.getException());
        }
    }

    private static String snowflake(String interactionId) {
        if (interactionId == null || !interactionId.matches("\\d{1,30}")) {
            throw new IllegalArgumentException("interaction id is not a Discord snowflake: " + interactionId);
        }
        return interactionId;
    }

    private static Map<String, AttributeValue> key(String type, String timestamp) {
        return Map.of("type", s(type), "timestamp", n(timestamp));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    private static AttributeValue n(long v) {
        return n(Long.toString(v));
    }

    private static AttributeValue n(String v) {
        return AttributeValue.builder().n(v).build();
    }

    private static AttributeValueUpdate put(AttributeValue v) {
        return AttributeValueUpdate.builder().action(AttributeAction.PUT).value(v).build();
    }

    private static ExpectedAttributeValue expect(ComparisonOperator op, AttributeValue v) {
        return ExpectedAttributeValue.builder().comparisonOperator(op).attributeValueList(v).build();
    }
}
