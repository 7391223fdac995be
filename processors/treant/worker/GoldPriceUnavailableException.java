package treant.worker;

/** The marketplace answered without a usable price. A price of zero would be a lie, so the job fails. */
public class GoldPriceUnavailableException extends RuntimeException {
    public GoldPriceUnavailableException(String message) {
        super(message);
    }
}
