package io.github.dockerhubproxy.upstream;

/** How the proxy identifies itself to Docker Hub. */
public sealed interface Credentials {

    /** No credentials: public data only, at the anonymous rate limit. */
    static Credentials anonymous() {
        return new Anonymous();
    }

    /** A token sent as {@code Authorization: Bearer} on every request, as it is. */
    static Credentials token(String token) {
        return new Token(token);
    }

    /**
     * An identifier (username, or organisation for an organisation access token) and a secret (password,
     * {@code dckr_pat_...} or {@code dckr_oat_...}), exchanged for a short-lived access token.
     */
    static Credentials login(String identifier, String secret) {
        return new Login(identifier, secret);
    }

    /** No credentials. */
    record Anonymous() implements Credentials {}

    /** A bearer token. */
    record Token(String token) implements Credentials {
        @Override
        public String toString() {
            return "Token[***]";
        }
    }

    /** An identifier and a secret. */
    record Login(String identifier, String secret) implements Credentials {
        @Override
        public String toString() {
            return "Login[" + identifier + ", ***]";
        }
    }
}
