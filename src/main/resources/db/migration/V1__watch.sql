-- The watch list's history, tags, change events and webhook outbox. One schema for SQLite and PostgreSQL:
-- times are epoch milliseconds (BIGINT), ${identity} is each database's own auto-numbered key, ${clustered} stores
-- a table in its key's order where the database can (SQLite: WITHOUT ROWID).

-- a repository being watched, and how its cycles went
CREATE TABLE watched (
    repository        TEXT PRIMARY KEY,          -- namespace/name
    added_at          BIGINT NOT NULL,
    last_cycle_at     BIGINT,
    last_full_walk_at BIGINT,
    last_error        TEXT,
    last_error_at     BIGINT
);

-- the tags known from the last cycle
CREATE TABLE tags (
    repository   TEXT NOT NULL,
    tag          TEXT NOT NULL,
    digest       TEXT,
    last_updated TEXT,                           -- Docker Hub's, as it gave it
    platforms    TEXT,                           -- os/architecture[/variant], comma-separated
    PRIMARY KEY (repository, tag)
);

-- one history sample per repository and cycle (kept in key order: a year of one repository is read as one range)
CREATE TABLE samples (
    repository TEXT NOT NULL,
    at         BIGINT NOT NULL,
    pull_count BIGINT,
    star_count BIGINT,
    PRIMARY KEY (repository, at)
)${clustered};

-- what changed: tag_added, tag_updated, tag_removed
CREATE TABLE events (
    id              ${identity},
    repository      TEXT NOT NULL,
    kind            TEXT NOT NULL,
    tag             TEXT NOT NULL,
    digest          TEXT,
    previous_digest TEXT,
    platforms       TEXT,
    at              BIGINT NOT NULL
);
CREATE INDEX events_by_repository ON events (repository, id);

-- webhook deliveries still owed: one row per event and receiver, removed once the receiver answered 2xx
CREATE TABLE outbox (
    url             TEXT NOT NULL,
    event_id        BIGINT NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    last_error      TEXT,
    PRIMARY KEY (url, event_id)
);

-- who runs the watch cycle among replicas, and until when
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
