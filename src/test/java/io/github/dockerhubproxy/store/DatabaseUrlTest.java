package io.github.dockerhubproxy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    @Test
    void unset_isTheEmbeddedFile_underTheWorkingDirectory() {
        DatabaseUrl url = DatabaseUrl.parse(null, null);

        assertThat(url.kind()).isEqualTo(DatabaseUrl.Kind.SQLITE);
        assertThat(url.file()).isEqualTo(Path.of("data/dockerhub-proxy.db"));
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:sqlite:data/dockerhub-proxy.db");
    }

    @Test
    void aPathOrSqliteUrl_isAnSqliteFile() {
        assertThat(DatabaseUrl.parse("/data/proxy.db", null).file()).isEqualTo(Path.of("/data/proxy.db"));
        assertThat(DatabaseUrl.parse("sqlite:/data/proxy.db", null).file()).isEqualTo(Path.of("/data/proxy.db"));
    }

    @Test
    void aPostgresqlUrl_givesItsHostPortDatabaseAndUser_thePasswordFromEitherPlace() {
        DatabaseUrl inline = DatabaseUrl.parse("postgresql://proxy:s%3Acret@db.internal/watch?sslmode=require", null);
        DatabaseUrl separate = DatabaseUrl.parse("postgres://proxy@db.internal:6432/watch", "s:cret");

        assertThat(inline.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/watch?sslmode=require");
        assertThat(inline.user()).isEqualTo("proxy");
        assertThat(inline.password()).isEqualTo("s:cret");
        assertThat(separate.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/watch");
        assertThat(separate.password()).isEqualTo("s:cret");
        assertThat(inline.toString()).doesNotContain("s:cret").doesNotContain("s%3Acret").doesNotContain("sslmode");
    }

    @Test
    void badValues_areRefused_withoutShowingThem() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://root:hunter2@db/x", null))
                .hasMessageContaining("postgresql://").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://proxy:hunter2@db.internal/", null))
                .hasMessageContaining("postgresql://user@host").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://proxy:a@db/x", "b")).hasMessageContaining("give it once");
        assertThatThrownBy(() -> DatabaseUrl.parse("data/x.db", "b")).hasMessageContaining("only for a postgresql://");
    }
}
