package dev.agentplatform.gateway.path;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import org.springframework.http.HttpStatus;

/**
 * The canonical form of a raw request path, or a refusal. Hand-written rather than built on
 * {@code java.net.URI#normalize} or Spring's {@code UriUtils}: those resolve dot segments and decode
 * everything, that is they pick one reading of an ambiguous path, where the gateway must refuse
 * to pick, and they allocate on every request, where this scans the path once and allocates only
 * when something is decoded.
 */
public final class RequestPaths {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RequestPaths() {}

    /**
     * The canonical path: percent-encoded unreserved characters ({@code A-Z a-z 0-9 - _ ~})
     * decoded, other permitted encodings kept with upper-case hex digits; the same instance when
     * nothing changes. A 400 problem ({@link PlatformException}) for any path that is not one
     * unambiguous sequence of segments:
     *
     * <ul>
     *   <li>not starting with {@code /}, or carrying a fragment (checked by the caller);
     *   <li>{@code ;} anywhere (matrix parameters: the gateway, Spring and Tomcat strip them
     *       differently), raw or encoded;
     *   <li>an encoded {@code /}, {@code \}, {@code .} or {@code %}, or a raw {@code \}: each is read
     *       as a separator, a dot segment or a second decoding by some server behind;
     *   <li>{@code .} or {@code ..} segments, and empty segments ({@code //}) other than one
     *       trailing slash: refused rather than resolved or collapsed, since a client that sends
     *       them is either broken or probing, and a collapsed path would differ from what a less
     *       strict proxy in front forwarded;
     *   <li>control characters, spaces and non-ASCII, raw or encoded (no route or resource name of
     *       the platform has them);
     *   <li>a malformed percent-encoding.
     * </ul>
     */
    public static String normalize(String raw) {
        int length = raw.length();
        if (length == 0 || raw.charAt(0) != '/') {
            throw invalid("The request path must start with '/'");
        }
        StringBuilder decoded = null;
        int segmentStart = 0;
        for (int i = 0; i < length; i++) {
            char c = raw.charAt(i);
            if (c == '/') {
                if (i > 0) {
                    checkSegment(raw, segmentStart + 1, i, false);
                }
                segmentStart = i;
                if (decoded != null) {
                    decoded.append(c);
                }
            } else if (c == '%') {
                int value = i + 2 < length ? hexValue(raw.charAt(i + 1), raw.charAt(i + 2)) : -1;
                if (value < 0) {
                    throw invalid("The request path has a malformed percent-encoding");
                }
                if (decoded == null) {
                    decoded = new StringBuilder(length).append(raw, 0, i);
                }
                if (isUnreservedLetterOrDigit(value)) {
                    decoded.append((char) value);
                } else if (value == '/' || value == '\\' || value == '.' || value == '%' || value == ';') {
                    throw invalid("The request path encodes '" + (char) value
                            + "', which servers read in different ways; send the path unencoded");
                } else if (value < 0x21 || value >= 0x7f) {
                    throw invalid("The request path has a control, space or non-ASCII character");
                } else {
                    decoded.append('%').append(HEX[value >> 4]).append(HEX[value & 0xf]);
                }
                i += 2;
            } else {
                if (c == ';') {
                    throw invalid("The request path has a ';' (matrix parameters are not accepted)");
                }
                if (c == '\\') {
                    throw invalid("The request path has a '\\'");
                }
                if (c < 0x21 || c >= 0x7f) {
                    throw invalid("The request path has a control, space or non-ASCII character");
                }
                if (decoded != null) {
                    decoded.append(c);
                }
            }
        }
        if (segmentStart < length - 1) {
            checkSegment(raw, segmentStart + 1, length, true);
        }
        return decoded == null ? raw : decoded.toString();
    }

    /**
     * Checks one segment of the raw path, {@code raw[start, end)}: neither empty (except the last,
     * a trailing slash, which is left alone) nor a dot segment. Encoded dots never get here: they
     * are refused while decoding.
     */
    private static void checkSegment(String raw, int start, int end, boolean last) {
        int length = end - start;
        if (length == 0 && !last) {
            throw invalid("The request path has an empty segment ('//')");
        }
        if ((length == 1 && raw.charAt(start) == '.')
                || (length == 2 && raw.charAt(start) == '.' && raw.charAt(start + 1) == '.')) {
            throw invalid("The request path has a '.' or '..' segment");
        }
    }

    private static boolean isUnreservedLetterOrDigit(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_'
                || c == '~';
    }

    private static int hexValue(char high, char low) {
        int h = hexDigit(high);
        int l = hexDigit(low);
        return h < 0 || l < 0 ? -1 : h << 4 | l;
    }

    /** ASCII hex digits only: {@code Character.digit} would also take other scripts' digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    static PlatformException invalid(String detail) {
        return new PlatformException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", detail);
    }
}
