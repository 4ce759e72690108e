package io.github.dockerhubproxy.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The bytes a kept {@link Entry} is stored as in Redis: exactly what the memory tier holds (for a found answer the
 * body, gzip copy, ETag and fetch time), so that a replica serves it without any JSON or compression work. A format
 * byte leads, then what the entry is; anything this code cannot read is a miss.
 */
final class EntryCodec {
    private static final byte FORMAT = 2;
    private static final byte FOUND = 1;
    private static final byte NOT_FOUND = 2;
    private static final byte RETIRED = 3;

    private EntryCodec() {
    }

    /** The bytes of a kept entry (a failure is never kept). */
    static byte[] encode(Entry entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entry.weight());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            switch (entry) {
                case Entry.Found found -> {
                    head(out, FOUND, found.fetchedAt());
                    out.writeUTF(found.etag());
                    out.writeUTF(found.lastModified());
                    writeBytes(out, found.body());
                    writeBytes(out, found.gzip());
                }
                case Entry.NotFound notFound -> {
                    head(out, NOT_FOUND, notFound.fetchedAt());
                    out.writeUTF(notFound.message());
                }
                case Entry.Retired retired -> {
                    head(out, RETIRED, retired.fetchedAt());
                    out.writeUTF(retired.message());
                }
                case Entry.Failed failed -> throw new IllegalArgumentException("a failure is never kept");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The entry, or null when the bytes are not an entry of this format. */
    static Entry decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != FORMAT) {
                return null;
            }
            byte what = in.readByte();
            Instant fetchedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            Entry entry = switch (what) {
                case FOUND -> {
                    String etag = in.readUTF();
                    String lastModified = in.readUTF();
                    byte[] body = readBytes(in);
                    byte[] gzip = readBytes(in);
                    yield body == null ? null : new Entry.Found(body, gzip, etag, fetchedAt, lastModified);
                }
                case NOT_FOUND -> new Entry.NotFound(in.readUTF(), fetchedAt);
                case RETIRED -> new Entry.Retired(in.readUTF(), fetchedAt);
                default -> null;
            };
            return in.available() == 0 ? entry : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void head(DataOutputStream out, byte what, Instant fetchedAt) throws IOException {
        out.writeByte(what);
        out.writeLong(fetchedAt.getEpochSecond());
        out.writeInt(fetchedAt.getNano());
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value == null ? -1 : value.length);
        if (value != null) {
            out.write(value);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        if (length > in.available()) {
            throw new IOException("truncated");
        }
        return in.readNBytes(length);
    }
}
