package treant.jobs;

import java.util.regex.Pattern;

/**
 * A job whose token or ids are not what Discord issues: they go into request URLs (the edit's path)
 * and ids, so such a job — a broken or forged producer — is never used: it is unreadable, kept for a
 * human in the dead-letter queue. The message names the field, never its value.
 */
public final class MalformedJobException extends IllegalArgumentException {

    /** A Discord snowflake: a decimal number. */
    private static final Pattern ID = Pattern.compile("[0-9]{1,20}");
    /** An interaction token: base64url-like text; never only dots ("." and ".." are path segments). */
    private static final Pattern TOKEN = Pattern.compile("(?!\\.+$)[A-Za-z0-9_.-]+");

    public MalformedJobException(String message) {
        super(message);
    }

    /** A decimal snowflake, or absent when {@code required} is false. */
    static void checkId(String kind, String field, String value, boolean required) {
        if (value == null ? required : !ID.matcher(value).matches()) {
            throw new MalformedJobException(kind + " job with " + (value == null ? "no " : "a malformed ") + field);
        }
    }

    static void checkToken(String kind, String value) {
        if (value == null || !TOKEN.matcher(value).matches()) {
            throw new MalformedJobException(kind + " job with " + (value == null ? "no" : "a malformed") + " token");
        }
    }
}
