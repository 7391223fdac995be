package treant.voice;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Which AWS failures a retry can cure: throttling, 5xx and the client's I/O errors, not a 4xx. */
public final class AwsFailures {

    private AwsFailures() {}

    /** The service refused the request itself: a retry would be refused too. */
    public static boolean isRefusal(Throwable failure) {
        return failure instanceof SdkException && !isRetryable(failure);
    }

    public static boolean isRetryable(Throwable failure) {
        return switch (failure) {
            case AwsServiceException service -> service.isThrottlingException() || service.statusCode() >= 500;
            case SdkClientException client -> true; // timeouts, refused connections: the service was not reached
            case SdkException other -> other.retryable();
            case null, default -> false;
        };
    }
}
