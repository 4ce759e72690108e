package io.github.dockerhubproxy.upstream;

/** How the proxy identifies itself to Docker Hub. */
public sealed interface Credentials {

    /** No credentials: public data only, at the anonymous rate limit. */
    static Credentials anonymous() {
        return new Anonymous();
    }

    /** A token sent as {@code Authorization: Bearer} on every request. */
    static Credentials token(String token) {
        return new Token(token);
    }

    /** A username and password, exchanged once for a token through {@code /v2/users/login/}. */
    static Credentials login(String username, String password) {
        return new Login(username, password);
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

    /** A username and password. */
    record Login(String username, String password) implements Credentials {
        @Override
        public String toString() {
            return "Login[" + username + ", ***]";
        }
    }
}
