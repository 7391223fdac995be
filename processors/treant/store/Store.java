package treant.store;

/** Everything the store keeps, in one table (DynamoDB) or one file (H2): what {@link Stores#open} returns. */
public interface Store extends GoldPriceHistory, JobLedger, Directory, RecapLedger, VoiceAllowances, AutoCloseable {
}
