package io.github.dockerhubproxy.upstream;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An upstream body read into memory up to a bound: an answer declaring a larger {@code Content-Length} is refused
 * before a byte of it is read, and one that grows past the bound (or past its fetch's {@link Allowance}) while
 * being read is cut off there. Either way the subscription is cancelled, so the connection is dropped and what was
 * read is garbage.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    /** Thrown through the body's future when a bound is passed; {@code memory}: the process's pool, not the answer's. */
    static final class TooLarge extends RuntimeException {
        final boolean memory;

        TooLarge(String message, boolean memory) {
            super(message, null, false, false);
            this.memory = memory;
        }
    }

    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final List<ByteBuffer> parts = new ArrayList<>();
    private final long maxBytes;
    private final Allowance allowance;
    private final String refused;
    private long received;
    private volatile Flow.Subscription subscription;

    private BoundedBody(long maxBytes, Allowance allowance, String refused) {
        this.maxBytes = maxBytes;
        this.allowance = allowance;
        this.refused = refused;
    }

    /** A subscriber for an answer with these headers: refuses a declared length above {@code maxBytes}. */
    static BoundedBody of(HttpResponse.ResponseInfo info, long maxBytes, Allowance allowance) {
        OptionalLong declared;
        try {
            declared = info.headers().firstValueAsLong("Content-Length");
        } catch (NumberFormatException e) {
            declared = OptionalLong.empty();
        }
        String refused = null;
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            refused = "declared " + declared.getAsLong() + " bytes";
        } else if (declared.isPresent() && declared.getAsLong() > allowance.maxBytes()) {
            refused = "declared " + declared.getAsLong() + " bytes for a list bounded at " + allowance.maxBytes();
        }
        return new BoundedBody(maxBytes, allowance, refused);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (refused != null) {
            fail(refused);
            return;
        }
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            int bytes = item.remaining();
            received += bytes;
            if (received > maxBytes) {
                fail("more than " + maxBytes + " bytes");
                return;
            }
            Allowance.Overspent overspent = allowance.spend(bytes);
            if (overspent == Allowance.Overspent.LIST) {
                fail("the list grew past " + allowance.maxBytes() + " bytes");
                return;
            }
            if (overspent == Allowance.Overspent.MEMORY) {
                abort();
                body.completeExceptionally(new TooLarge("answers being read hold " + allowance.poolBytes() + " bytes already", true));
                return;
            }
            parts.add(item);
        }
    }

    @Override
    public void onError(Throwable error) {
        parts.clear();
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        byte[] all = new byte[(int) received];
        int at = 0;
        for (ByteBuffer part : parts) {
            int n = part.remaining();
            part.get(all, at, n);
            at += n;
        }
        parts.clear();
        body.complete(all);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    /** Stops reading (the deadline passed): the connection is dropped. */
    void abort() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
        parts.clear();
    }

    private void fail(String why) {
        abort();
        body.completeExceptionally(new TooLarge(why, false));
    }
}
