package kg.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.ByteUnit;

/**
 * A throwaway Neo4j (Community, in-process) for tests.
 *
 * <p>Starts Neo4j with Bolt on a free loopback port and authentication disabled,
 * prints exactly one line {@code NEO4J_URI=bolt://127.0.0.1:PORT} on stdout once
 * the database accepts connections (everything else goes to stderr), then runs
 * until it receives SIGTERM/SIGINT or, with {@code --stdin}, until its standard
 * input is closed. On the way out it stops the database and deletes its data
 * directory.
 */
public final class TestServer {

    public static void main(String[] args) throws Exception {
        boolean watchStdin = false;
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--stdin" -> watchStdin = true;
                case "--port" -> port = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: TestServer [--stdin] [--port N]");
                    System.exit(64);
                }
            }
        }

        // Keep stdout for the URI line only: Neo4j and its libraries log to stderr.
        PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);

        Path workDir = Files.createTempDirectory("kg-neo4j-test-");
        Neo4j neo4j;
        try {
            neo4j = Neo4jBuilders.newInProcessBuilder(workDir)
                    .withDisabledServer() // no HTTP/browser: Bolt only
                    .withConfig(BoltConnector.enabled, true)
                    .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .withConfig(HttpConnector.enabled, false)
                    .withConfig(GraphDatabaseSettings.auth_enabled, false)
                    .withConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128))
                    // a throwaway server: stop fast instead of Netty's graceful 2 s + 15 s
                    .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(1))
                    .withConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                    .withConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                    .build();
        } catch (Throwable t) {
            deleteTree(workDir);
            System.err.println("neo4j-test-server: failed to start: " + t);
            t.printStackTrace(System.err);
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        final Neo4j db = neo4j;
        Thread shutdown = new Thread(() -> {
            try {
                db.close();
            } catch (Throwable t) {
                System.err.println("neo4j-test-server: error while stopping: " + t);
            } finally {
                deleteTree(workDir);
                stopped.countDown();
            }
        }, "neo4j-test-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);

        int boltPort = neo4j.boltURI().getPort();
        stdout.println("NEO4J_URI=bolt://127.0.0.1:" + boltPort);
        stdout.flush();

        if (watchStdin) {
            InputStream in = System.in;
            byte[] buf = new byte[256];
            try {
                while (in.read(buf) >= 0) {
                    // ignore input; wait for EOF
                }
            } catch (IOException ignored) {
                // treat as closed
            }
            System.err.println("neo4j-test-server: stdin closed, stopping");
            System.exit(0); // runs the shutdown hook
        } else {
            stopped.await();
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("neo4j-test-server: could not delete " + root + ": " + e);
        }
    }

    private TestServer() {
    }
}
