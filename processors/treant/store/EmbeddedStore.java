package treant.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Price history and job ledger in an embedded H2 database file, for local runs without AWS.
 * Same contract as {@link DynamoDbStore}: the conditional writes are an INSERT on a primary key
 * or an UPDATE with the condition in its WHERE clause, decided by the database, not by a read.
 */
public final class EmbeddedStore implements Store {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static final String CLAIMED = "claimed";
    private static final String DONE = "done";
    private static final String SEEN = "seen";
    private static final String POSTED = "posted";

    private final JdbcConnectionPool pool;
    /**
     * Each user's {@code usedUntil} (epoch ms). In memory: this store is one process's, and an allowance
     * only has to outlive a burst; {@code compute} makes each take atomic.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> voiceUsedUntil = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param file database file path without H2's {@code .mv.db} suffix */
    public EmbeddedStore(String file) {
        this.pool = JdbcConnectionPool.create("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE", "treant", "");
        this.pool.setMaxConnections(32);
        createSchema();
    }

    private void createSchema() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS price_history (type VARCHAR(32) NOT NULL, ts BIGINT NOT NULL,"
                    + " unit_price DECIMAL(20,10) NOT NULL, PRIMARY KEY (type, ts))");
            // one row per type: when a price was last recorded (the 30-minute gate)
            s.execute("CREATE TABLE IF NOT EXISTS price_gate (type VARCHAR(32) PRIMARY KEY, recorded_at BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS job_claims (interaction_id VARCHAR(32) PRIMARY KEY,"
                    + " status VARCHAR(16) NOT NULL, claimed_at BIGINT NOT NULL)");
            // the claim as a lease (files written before it have neither column)
            s.execute("ALTER TABLE job_claims ADD COLUMN IF NOT EXISTS holder VARCHAR(64) DEFAULT '' NOT NULL");
            s.execute("ALTER TABLE job_claims ADD COLUMN IF NOT EXISTS lease_until BIGINT DEFAULT 0 NOT NULL");
            s.execute("CREATE TABLE IF NOT EXISTS directory (kind VARCHAR(32) PRIMARY KEY, entries CLOB NOT NULL,"
                    + " updated_at BIGINT NOT NULL)");
            // automatic recaps: one row per Warcraft Logs report seen (status seen, claimed or posted)
            s.execute("CREATE TABLE IF NOT EXISTS recaps (code VARCHAR(40) PRIMARY KEY, end_time BIGINT NOT NULL,"
                    + " unchanged_since BIGINT NOT NULL, status VARCHAR(16) NOT NULL, holder VARCHAR(64) DEFAULT '' NOT NULL,"
                    + " lease_until BIGINT DEFAULT 0 NOT NULL, posted_at BIGINT DEFAULT 0 NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the embedded store", e);
        }
    }

    @Override
    public boolean recordIfDue(BigDecimal unitPrice, Instant now, Duration minInterval) {
        long at = now.toEpochMilli();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean won = insert(c, "INSERT INTO price_gate (type, recorded_at) VALUES (?, ?)", GOLD, at)
                        || update(c, "UPDATE price_gate SET recorded_at = ? WHERE type = ? AND recorded_at <= ?",
                                at, GOLD, at - minInterval.toMillis());
                if (won) {
                    insert(c, "INSERT INTO price_history (type, ts, unit_price) VALUES (?, ?, ?)", GOLD, at, unitPrice);
                }
                c.commit();
                return won;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("recording the gold price failed", e);
        }
    }

    @Override
    public List<PricePoint> latest(int limit) {
        try (Connection c = pool.getConnection();
             PreparedStatement p = c.prepareStatement(
                     "SELECT ts, unit_price FROM price_history WHERE type = ? ORDER BY ts DESC LIMIT ?")) {
            p.setString(1, GOLD);
            p.setInt(2, limit);
            List<PricePoint> points = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    points.add(new PricePoint(Instant.ofEpochMilli(r.getLong(1)), r.getBigDecimal(2)));
                }
            }
            return points;
        } catch (SQLException e) {
            throw new StoreException("reading the gold price history failed", e);
        }
    }

    @Override
    public boolean claim(String interactionId, String holder, Instant now, Duration lease) {
        long at = now.toEpochMilli();
        long until = now.plus(lease).toEpochMilli();
        try (Connection c = pool.getConnection()) {
            return insert(c, "INSERT INTO job_claims (interaction_id, status, claimed_at, holder, lease_until)"
                            + " VALUES (?, ?, ?, ?, ?)", interactionId, CLAIMED, at, holder, until)
                    || update(c, "UPDATE job_claims SET claimed_at = ?, holder = ?, lease_until = ?"
                            + " WHERE interaction_id = ? AND status = ? AND lease_until <= ?",
                            at, holder, until, interactionId, CLAIMED, at);
        } catch (SQLException e) {
            throw new StoreException("claiming job " + interactionId + " failed", e);
        }
    }

    @Override
    public boolean renew(String interactionId, String holder, Instant now, Duration lease) {
        try (Connection c = pool.getConnection()) {
            return update(c, "UPDATE job_claims SET lease_until = ? WHERE interaction_id = ? AND status = ? AND holder = ?",
                    now.plus(lease).toEpochMilli(), interactionId, CLAIMED, holder);
        } catch (SQLException e) {
            throw new StoreException("renewing the claim of job " + interactionId + " failed", e);
        }
    }

    @Override
    public boolean isDone(String interactionId) {
        try (Connection c = pool.getConnection();
             PreparedStatement p = bind(c.prepareStatement("SELECT status FROM job_claims WHERE interaction_id = ?"),
                     interactionId);
             java.sql.ResultSet r = p.executeQuery()) {
            return r.next() && DONE.equals(r.getString(1));
        } catch (SQLException e) {
            throw new StoreException("reading job " + interactionId + " failed", e);
        }
    }

    @Override
    public boolean complete(String interactionId, String holder, Instant now) {
        try (Connection c = pool.getConnection()) {
            return update(c, "UPDATE job_claims SET status = ?, claimed_at = ? WHERE interaction_id = ? AND status = ? AND holder = ?",
                    DONE, now.toEpochMilli(), interactionId, CLAIMED, holder);
        } catch (SQLException e) {
            throw new StoreException("completing job " + interactionId + " failed", e);
        }
    }

    @Override
    public void release(String interactionId, String holder) {
        try (Connection c = pool.getConnection()) {
            update(c, "DELETE FROM job_claims WHERE interaction_id = ? AND status = ? AND holder = ?",
                    interactionId, CLAIMED, holder);
        } catch (SQLException e) {
            throw new StoreException("releasing job " + interactionId + " failed", e);
        }
    }

    @Override
    public long takeVoiceJob(String userId, Instant now, Allowance allowance) {
        long at = now.toEpochMilli();
        long[] wait = {0};
        voiceUsedUntil.compute(userId, (user, usedUntil) -> {
            long from = usedUntil == null ? at : Math.max(usedUntil, at);
            if (from > allowance.latestUsedUntil(at)) {
                wait[0] = allowance.waitMs(from, at);
                return usedUntil;
            }
            return from + allowance.refillMs();
        });
        if (voiceUsedUntil.size() > 10_000) { // users whose allowance is whole again are forgotten
            voiceUsedUntil.values().removeIf(usedUntil -> usedUntil <= at);
        }
        return wait[0];
    }

    @Override
    public void putListing(String kind, List<Directory.Entry> entries, Instant now) {
        try (Connection c = pool.getConnection()) {
            update(c, "MERGE INTO directory (kind, entries, updated_at) KEY (kind) VALUES (?, ?, ?)",
                    kind, JSON.writeValueAsString(entries), now.toEpochMilli());
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException("storing the " + kind + " list failed", e);
        }
    }

    @Override
    public Directory.Listing listing(String kind) {
        try (Connection c = pool.getConnection();
             PreparedStatement p = bind(c.prepareStatement("SELECT entries, updated_at FROM directory WHERE kind = ?"), kind);
             ResultSet r = p.executeQuery()) {
            if (!r.next()) {
                return null;
            }
            return new Directory.Listing(List.of(JSON.readValue(r.getString(1), Directory.Entry[].class)),
                    Instant.ofEpochMilli(r.getLong(2)));
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException("reading the " + kind + " list failed", e);
        }
    }

    @Override
    public RecapLedger.Sighting sight(String code, long endTime, Instant now) {
        long at = now.toEpochMilli();
        try (Connection c = pool.getConnection()) {
            if (insert(c, "INSERT INTO recaps (code, end_time, unchanged_since, status) VALUES (?, ?, ?, ?)",
                    code, endTime, at, SEEN)) {
                return new RecapLedger.Sighting(endTime, now, false);
            }
            // a new end time starts the quiet period again; the same one keeps it
            update(c, "UPDATE recaps SET end_time = ?, unchanged_since = ? WHERE code = ? AND end_time <> ?",
                    endTime, at, code, endTime);
            try (PreparedStatement p = bind(c.prepareStatement(
                    "SELECT end_time, unchanged_since, status FROM recaps WHERE code = ?"), code);
                 ResultSet r = p.executeQuery()) {
                r.next();
                return new RecapLedger.Sighting(r.getLong(1), Instant.ofEpochMilli(r.getLong(2)), POSTED.equals(r.getString(3)));
            }
        } catch (SQLException e) {
            throw new StoreException("recording recap " + code + " failed", e);
        }
    }

    @Override
    public boolean claimPost(String code, String holder, Instant now, Duration lease) {
        long at = now.toEpochMilli();
        try (Connection c = pool.getConnection()) {
            return update(c, "UPDATE recaps SET status = ?, holder = ?, lease_until = ? WHERE code = ?"
                    + " AND (status = ? OR (status = ? AND lease_until <= ?))",
                    CLAIMED, holder, now.plus(lease).toEpochMilli(), code, SEEN, CLAIMED, at);
        } catch (SQLException e) {
            throw new StoreException("claiming recap " + code + " failed", e);
        }
    }

    @Override
    public void posted(String code, Instant now) {
        try (Connection c = pool.getConnection()) {
            update(c, "UPDATE recaps SET status = ?, posted_at = ? WHERE code = ?", POSTED, now.toEpochMilli(), code);
        } catch (SQLException e) {
            throw new StoreException("marking recap " + code + " posted failed", e);
        }
    }

    @Override
    public void releasePost(String code, String holder) {
        try (Connection c = pool.getConnection()) {
            update(c, "UPDATE recaps SET status = ? WHERE code = ? AND status = ? AND holder = ?", SEEN, code, CLAIMED, holder);
        } catch (SQLException e) {
            throw new StoreException("releasing recap " + code + " failed", e);
        }
    }

    /** @return false when the primary key already exists */
    private static boolean insert(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = bind(c.prepareStatement(sql), args)) {
            p.executeUpdate();
            return true;
        } catch (SQLIntegrityConstraintViolationException duplicate) {
            return false;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static boolean update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = bind(c.prepareStatement(sql), args)) {
            return p.executeUpdate() == 1;
        }
    }

    private static PreparedStatement bind(PreparedStatement p, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            p.setObject(i + 1, args[i]);
        }
        return p;
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
