package org.kg.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Runs Neo4j Community embedded, reachable only over Bolt on 127.0.0.1.
 *
 * <p>Started by {@code kg neo4j start}; all settings arrive as arguments except the password,
 * which comes in the KG_NEO4J_PASSWORD environment variable so that it never shows in `ps`.
 * Prints one line starting with "KG-READY" once Bolt accepts authenticated sessions, and
 * shuts the database down cleanly on SIGTERM.
 *
 * <p>Usage: EmbeddedNeo4j HOME_DIR PORT PAGECACHE_BYTES TX_TIMEOUT_SECONDS TX_MEMORY_MAX_BYTES
 * (0: no per-transaction memory cap)
 */
public final class EmbeddedNeo4j {
    private static final String USER = "neo4j";

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            fail("usage: EmbeddedNeo4j HOME_DIR PORT PAGECACHE_BYTES TX_TIMEOUT_SECONDS TX_MEMORY_MAX_BYTES");
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long pageCacheBytes = Long.parseLong(args[2]);
        long txTimeoutSeconds = Long.parseLong(args[3]);
        long txMemoryMaxBytes = Long.parseLong(args[4]);
        String password = System.getenv("KG_NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            fail("KG_NEO4J_PASSWORD must be set to at least 8 characters");
        }
        Files.createDirectories(home);

        long started = System.nanoTime();
        DatabaseManagementService service;
        try {
            service = new DatabaseManagementServiceBuilder(home)
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    // Hardening: no CSV from the local file system, bounded transactions.
                    .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                    .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(txTimeoutSeconds))
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes)
                    // One query may not take the heap from the others (db.memory.transaction.max).
                    .setConfig(GraphDatabaseSettings.memory_transaction_max_size, txMemoryMaxBytes)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(BoltConnectorInternalSettings.enable_loopback_auth, false)
                    .build();
        } catch (RuntimeException e) {
            fail("Neo4j did not start: " + rootMessage(e));
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("KG-STOPPING");
            service.shutdown();
            System.out.println("KG-STOPPED");
            stopped.countDown();
        }, "kg-shutdown"));

        // Under load the system database may take a while to be available, and the first
        // transaction on it may time out: wait for it and retry, for up to two minutes.
        long deadline = System.nanoTime() + PASSWORD_DEADLINE.toNanos();
        while (true) {
            try {
                service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).isAvailable(5_000);
                setPassword(service, password);
                break;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    fail("could not set the Neo4j password within " + PASSWORD_DEADLINE.toSeconds()
                            + " s: " + rootMessage(e));
                }
                System.out.println("KG-RETRY setting the password: " + rootMessage(e));
                Thread.sleep(500);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("KG-READY bolt://127.0.0.1:%d in %.1f s%n", port, seconds);
        System.out.flush();
        stopped.await();
    }

    /** Sets the password of the built-in user; the same password again is not an error. */
    private static final Duration PASSWORD_DEADLINE = Duration.ofSeconds(120);

    private static void setPassword(DatabaseManagementService service, String password) {
        try {
            // Its own time limit: the configured one may be tiny (a test of slow machines).
            service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password),
                    result -> null,
                    Duration.ofSeconds(120));
        } catch (RuntimeException e) {
            if (!rootMessage(e).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static void fail(String message) {
        System.err.println("KG-FAILED " + message);
        System.exit(2);
    }
}
