package io.capacitybroker.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the project's service scripts ({@code src/main/scripts/*.sh}) for the test resources. */
final class Scripts {
    private Scripts() {}

    /** The project root: Maven runs tests there. */
    static Path projectRoot() {
        return Path.of(System.getProperty("user.dir"));
    }

    /**
     * Runs {@code bash SCRIPT ARGS...} from the project root with extra environment; its stderr
     * (logging) goes to ours. Returns stdout; fails on a non-zero exit or after the timeout.
     */
    static String run(String script, Map<String, String> env, long timeoutMinutes, String... args) {
        Path root = projectRoot();
        if (!Files.isRegularFile(root.resolve(script))) {
            throw new IllegalStateException(root.resolve(script) + " not found; tests must run from the project root");
        }
        List<String> command = new ArrayList<>(List.of("bash", script));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            String stdout = readAll(p.getInputStream());
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                        + p.exitValue() + " (its messages are on stderr above)");
            }
            return stdout;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** The {@code KEY=value} lines a script prints on stdout. */
    static Map<String, String> parse(String stdout) {
        Map<String, String> values = new HashMap<>();
        for (String line : stdout.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return values;
    }

    static String require(String script, Map<String, String> values, String key) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalStateException(script + " did not print " + key + "; got " + values);
        }
        return v;
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
