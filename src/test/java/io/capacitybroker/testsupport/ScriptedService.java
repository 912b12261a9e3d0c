package io.capacitybroker.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * A test resource around one of the service scripts that run an instance per directory
 * ({@code kafka.sh}, {@code keycloak.sh}: {@code start DIR}, {@code stop DIR}). {@link #startInstance}
 * starts a fresh instance under {@code target/<kind>/test-<8 hex>}; {@link #stop()} stops it; a JVM
 * shutdown hook does the same should the run end without {@code stop()}, and the script's watcher
 * ({@code CB_<SERVICE>_OWNER_PID}) stops it should this JVM be killed outright.
 */
abstract class ScriptedService implements QuarkusTestResourceLifecycleManager {
    private static final long STOP_TIMEOUT_MINUTES = 2;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String script;
    private final String name;
    private final String ownerPidVariable;
    private final long startTimeoutMinutes;

    private String instanceDir;
    private Thread shutdownHook;

    /**
     * @param script the script, relative to the project root
     * @param name the service in thread names and messages, e.g. {@code Kafka}
     * @param ownerPidVariable the script's variable for the owner's pid, e.g. {@code CB_KAFKA_OWNER_PID}
     * @param startTimeoutMinutes how long {@code start} may take (the first one on a machine downloads)
     */
    ScriptedService(String script, String name, String ownerPidVariable, long startTimeoutMinutes) {
        this.script = script;
        this.name = name;
        this.ownerPidVariable = ownerPidVariable;
        this.startTimeoutMinutes = startTimeoutMinutes;
    }

    /**
     * Runs {@code SCRIPT start target/KIND/test-<8 hex>} with {@code env} and the owner pid; returns the
     * value of the {@code KEY=value} line it printed for {@code key} (failing when there is none).
     */
    protected String startInstance(String kind, Map<String, String> env, String key) {
        instanceDir = "target/" + kind + "/test-" + randomHex(4);

        // Registered before the start, so that a start that fails half-way is cleaned up too.
        String dir = instanceDir;
        shutdownHook = new Thread(() -> stopQuietly(dir), "stop-" + kind);
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        // The owner pid: the script stops the instance by itself should this JVM die without
        // running stop() or its shutdown hooks (kill -9, a forked surefire JVM that is killed).
        Map<String, String> fullEnv = new HashMap<>(env);
        fullEnv.put(ownerPidVariable, Long.toString(ProcessHandle.current().pid()));
        Map<String, String> out = Scripts.parse(Scripts.run(script, fullEnv, startTimeoutMinutes, "start", instanceDir));
        return Scripts.require(script + " start", out, key);
    }

    /** Clears what {@link #start()} published (system properties); runs before the instance stops. */
    protected abstract void clearPublished();

    @Override
    public final void stop() {
        if (instanceDir == null) {
            return;
        }
        clearPublished();
        try {
            Scripts.run(script, Map.of(), STOP_TIMEOUT_MINUTES, "stop", instanceDir);
        } finally {
            instanceDir = null;
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs anyway; stopping twice is harmless
            }
        }
    }

    static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private void stopQuietly(String dir) {
        try {
            Scripts.run(script, Map.of(), STOP_TIMEOUT_MINUTES, "stop", dir);
        } catch (RuntimeException e) {
            System.err.println("could not stop " + name + " in " + dir + ": " + e.getMessage());
        }
    }
}
