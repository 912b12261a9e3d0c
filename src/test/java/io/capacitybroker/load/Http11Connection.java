package io.capacitybroker.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection to the broker on loopback, used by one thread at a time.
 * The load driver's clients must cost little CPU, as pgbench's do: the JDK's HttpClient took most
 * of a core for a few hundred requests a second on this two-core machine, CPU the broker then
 * lacked (docs/performance.md). Requests carry Content-Length; answers may use Content-Length or
 * chunked encoding, which is all the broker sends.
 */
final class Http11Connection implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String hostHeader;

    Http11Connection(String host, int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
        hostHeader = host + ":" + port;
    }

    record Answer(int status, String body, boolean keepAlive) {}

    Answer exchange(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) out.write(body);
        out.flush();
        return readAnswer();
    }

    private Answer readAnswer() throws IOException {
        String statusLine = readLine();
        if (statusLine == null) throw new IOException("the broker closed the connection");
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean keepAlive = true;
        for (String line; !(line = readLine()).isEmpty(); ) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> keepAlive = !value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(length > 0 ? (int) length : 1024);
        if (chunked) {
            for (long size; (size = Long.parseLong(readLine().split(";", 2)[0].trim(), 16)) > 0; ) {
                copy(size, body);
                readLine();   // the CRLF after each chunk
            }
            while (!readLine().isEmpty()) { }   // trailers, then the empty line
        } else if (length > 0) {
            copy(length, body);
        }
        return new Answer(status, body.toString(StandardCharsets.UTF_8), keepAlive);
    }

    private void copy(long count, ByteArrayOutputStream to) throws IOException {
        byte[] buffer = new byte[8192];
        for (long left = count; left > 0; ) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) throw new IOException("the broker closed the connection mid-body");
            to.write(buffer, 0, read);
            left -= read;
        }
    }

    /** A header line without its CRLF; null at end of stream before anything was read. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                if (line.isEmpty()) return null;
                throw new IOException("the broker closed the connection mid-line");
            }
            if (c != '\r') line.append((char) c);
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
