package io.github.dockerhubproxy.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockerhubproxy.cache.Entry;
import io.github.dockerhubproxy.cache.ResponseCache;
import io.github.dockerhubproxy.store.Cycle;
import io.github.dockerhubproxy.store.Event;
import io.github.dockerhubproxy.store.Sample;
import io.github.dockerhubproxy.store.TagState;
import io.github.dockerhubproxy.store.WatchStore;
import io.github.dockerhubproxy.store.Watched;
import io.github.dockerhubproxy.upstream.DockerHub;
import io.github.dockerhubproxy.upstream.Resource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One repository's turn in a cycle: a history sample, a walk of its tags newest first until known ones, the changes
 * recorded in one transaction, and the proxy's cached tag list of it brought up to date from what the walk read.
 */
final class RepositoryCheck {
    /** A full walk (which finds removed tags) at least this often. */
    static final Duration FULL_WALK_EVERY = Duration.ofDays(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerHub hub;
    private final ResponseCache cache;
    private final int listLimit;
    private final WatchStore store;
    private final List<String> webhookUrls;
    private final Clock clock;
    private final WatchBudget budget;

    RepositoryCheck(DockerHub hub, ResponseCache cache, int listLimit, WatchStore store, List<URI> webhookUrls, WatchBudget budget,
            Clock clock) {
        this.budget = budget;
        this.hub = hub;
        this.cache = cache;
        this.listLimit = listLimit;
        this.store = store;
        this.webhookUrls = webhookUrls.stream().map(URI::toString).toList();
        this.clock = clock;
    }

    /** Reads one repository and records what changed; returns the number of events. */
    int run(String repository, Watched state) {
        String namespace = repository.substring(0, repository.indexOf('/'));
        String name = repository.substring(repository.indexOf('/') + 1);
        budget.take();
        JsonNode detail = hub.fetch(new Resource.Repository(namespace, name));
        Instant now = clock.instant();
        Sample sample = new Sample(now, detail.path("pull_count").asLong(), detail.path("star_count").asLong());
        Map<String, TagState> known = store.tags(repository);
        boolean first = state == null || state.lastCycleAt() == null;
        boolean full = first || state.lastFullWalkAt() == null || !state.lastFullWalkAt().plus(FULL_WALK_EVERY).isAfter(now);
        TagWalk.Result walk = TagWalk.walk(known, full, page -> {
            budget.take();
            return hub.fetch(new Resource.TagPage(namespace, name, page));
        });
        List<String> removed = Changes.removed(known, walk);
        List<Event> events = first ? List.of() : Changes.events(repository, known, walk, removed, now);
        store.record(new Cycle(repository, sample, walk.changed(), removed, events, walk.complete()),
                webhookUrls);
        refreshTagList(namespace, name, walk, removed, now);
        return events.size();
    }

    /** The cached {@code /tags?ordering=-last_updated} of the repository, brought up to date from the walk. */
    private void refreshTagList(String namespace, String name, TagWalk.Result walk, List<String> removed, Instant now) {
        Resource.Tags list = tagList(namespace, name, listLimit);
        Optional<JsonNode> before = cache.peek(list).flatMap(entry -> entry instanceof Entry.Found found ? parse(found) : Optional.empty());
        TagList.updated(before, walk, removed, listLimit).ifPresent(json -> cache.put(list, Entry.Found.of(json, now)));
    }

    /** The tag list the watch list keeps up to date: newest first, as {@code /tags?ordering=-last_updated} asks for it. */
    private static Resource.Tags tagList(String namespace, String name, int limit) {
        return new Resource.Tags(namespace, name, Math.min(Resource.MAX_PAGE_SIZE, limit), limit, "-last_updated", null);
    }

    private static Optional<JsonNode> parse(Entry.Found found) {
        try {
            return Optional.of(JSON.readTree(found.body()));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
