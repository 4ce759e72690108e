package io.github.dockerhubproxy.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** A kind of value that stands in a route's path, with Docker Hub's naming rule for it. */
enum PathValue {
    /** A user or organisation name. */
    USERNAME("username", "._-", true, 255,
            "letters, digits, '.', '_' or '-', starting and ending with a letter or digit, at most 255 characters"),
    /** A repository name. */
    REPOSITORY("repository", "._-", true, 255,
            "letters, digits, '.', '_' or '-', starting and ending with a letter or digit, at most 255 characters"),
    /** A tag name (the OCI rule: at most 128 characters). */
    TAG("tag", "_.-", false, 128,
            "letters, digits, '_', '.' or '-', not starting with '.' or '-', at most 128 characters"),
    /** A content digest ({@code sha256:} and 64 hex digits; the form is checked by the route). */
    DIGEST("digest", ":", true, 71, "sha256: followed by 64 lowercase hex digits"),
    /** An automated build's code. */
    BUILD_CODE("build code", "_-", false, 64,
            "letters, digits, '_' or '-', at most 64 characters");

    /** Longest raw segment looked at; anything longer is refused before decoding. */
    private static final int MAX_RAW = 1024;

    private final String label;
    private final String punctuation;
    private final boolean alphanumericEnds;
    private final int maxLength;
    private final String ruleText;

    PathValue(String label, String punctuation, boolean alphanumericEnds, int maxLength, String ruleText) {
        this.label = label;
        this.punctuation = punctuation;
        this.alphanumericEnds = alphanumericEnds;
        this.maxLength = maxLength;
        this.ruleText = ruleText;
    }

    /**
     * Decodes one raw (percent-encoded) path segment and checks it.
     *
     * @throws BadRequest with a message fit for the client
     */
    String decode(String raw) {
        if (raw.length() > MAX_RAW) {
            throw new BadRequest("invalid " + label + ": longer than " + MAX_RAW + " characters");
        }
        String value = percentDecode(raw, label);
        if (!valid(value)) {
            throw new BadRequest("invalid " + label + " '" + printable(value) + "': " + ruleText);
        }
        return value;
    }

    /** The naming rule, checked by hand: this runs on every request. */
    private boolean valid(String value) {
        int length = value.length();
        if (length == 0 || length > maxLength) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && (punctuation.indexOf(c) < 0 || (i == 0 && (alphanumericEnds || c != '_'))
                    || (alphanumericEnds && i == length - 1))) {
                return false;
            }
        }
        return true;
    }

    /** Percent-decodes strictly: malformed escapes and bytes that are not UTF-8 are refused. */
    static String percentDecode(String raw, String label) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.write(c);
                continue;
            }
            int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (low < 0) {
                throw new BadRequest("invalid " + label + ": malformed percent-encoding");
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("invalid " + label + ": not UTF-8");
        }
    }

    /** The value with control characters shown as '?' and cut to a readable length. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(64).forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return value.codePointCount(0, value.length()) > 64 ? out + "..." : out.toString();
    }
}
