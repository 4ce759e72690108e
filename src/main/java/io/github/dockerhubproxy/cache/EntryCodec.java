package io.github.dockerhubproxy.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The bytes a {@link CachedResponse} is kept as in Redis: exactly the entry the memory tier holds (status, body,
 * gzip copy, ETag, fetch time), so that a replica serves it without any JSON or compression work. A format byte
 * leads; anything it cannot read is a miss.
 */
final class EntryCodec {
    private static final byte FORMAT = 1;

    private EntryCodec() {
    }

    static byte[] encode(CachedResponse entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entry.body().length + (entry.gzip() == null ? 0 : entry.gzip().length) + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeShort(entry.status());
            out.writeLong(entry.fetchedAt().getEpochSecond());
            out.writeInt(entry.fetchedAt().getNano());
            writeString(out, entry.etag());
            writeString(out, entry.lastModified());
            writeString(out, entry.contentType());
            writeBytes(out, entry.body());
            writeBytes(out, entry.gzip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The entry, or null when the bytes are not an entry of this format. */
    static CachedResponse decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != FORMAT) {
                return null;
            }
            int status = in.readShort();
            Instant fetchedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            String etag = readString(in);
            String lastModified = readString(in);
            String contentType = readString(in);
            byte[] body = readBytes(in);
            byte[] gzip = readBytes(in);
            if (body == null || in.available() != 0) {
                return null;
            }
            return new CachedResponse(status, body, gzip, etag, fetchedAt, lastModified, contentType);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
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
