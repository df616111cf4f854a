package cruce.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.node.Node;

/**
 * Starts one or more OpenSearch nodes in this JVM for Cruce's backend tests.
 *
 * <p>Takes the runner's own options (-basePath, -numOfNode, -baseHttpPort,
 * -clusterName) and adds what a shared test machine needs: every node binds to
 * 127.0.0.1 only, node N listens on exactly baseHttpPort + N (start fails when
 * the port is taken instead of moving to another one), transport ports are
 * fixed, and the disk watermarks are off so a nearly full disk does not turn
 * the indices read-only.
 *
 * <p>A node can be stopped while the others keep running, for failover tests:
 * create the file {@code <basePath>/control/stop-node-N}.
 *
 * <p>System properties: cruce.host (default 127.0.0.1), cruce.transportBase
 * (default baseHttpPort + 100).
 */
public final class CruceNode {

    private static final String NODE_NAME_PREFIX = "cruce-node-";

    private CruceNode() {
    }

    public static void main(final String[] args) throws Exception {
        final int nodeCount = intOption(args, "-numOfNode", 1);
        final int httpBase = intOption(args, "-baseHttpPort", 9200);
        final Path basePath = Paths.get(stringOption(args, "-basePath", "var/engine-node"));
        final String host = System.getProperty("cruce.host", "127.0.0.1");
        final int transportBase = Integer.getInteger("cruce.transportBase", httpBase + 100);

        final OpenSearchRunner runner = new OpenSearchRunner();
        runner.setMaxHttpPort(-1);
        runner.onBuild((index, settings) -> {
            settings.put("node.name", NODE_NAME_PREFIX + index);
            settings.put("network.host", host);
            settings.put("transport.port", String.valueOf(transportBase + index));
            settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
            settings.put("action.destructive_requires_name", "true");
            if (nodeCount == 1) {
                settings.put("discovery.type", "single-node");
            } else {
                settings.putList("discovery.seed_hosts", seedHosts(host, transportBase, nodeCount));
                // Node 1 bootstraps the cluster alone, so it does not wait for the nodes the runner starts after it.
                settings.putList("cluster.initial_cluster_manager_nodes", NODE_NAME_PREFIX + 1);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(runner)));

        runner.build(withDefaults(args, nodeCount));
        runner.ensureYellow();
        System.out.println("cruce-node: ready, " + nodeCount + " node(s), http://" + host + ":" + (httpBase + 1));

        watchStopRequests(runner, basePath.resolve("control"), nodeCount);
    }

    /** Polls the control folder and closes a node whose stop file appears, until every node is closed. */
    private static void watchStopRequests(final OpenSearchRunner runner, final Path control, final int nodeCount)
            throws IOException, InterruptedException {
        Files.createDirectories(control);
        while (!runner.isClosed()) {
            for (int index = 1; index <= nodeCount; index++) {
                final Path request = control.resolve("stop-node-" + index);
                if (!Files.exists(request)) {
                    continue;
                }
                final Node node = runner.getNode(NODE_NAME_PREFIX + index);
                if (node != null && !node.isClosed()) {
                    node.close();
                    System.out.println("cruce-node: stopped " + NODE_NAME_PREFIX + index);
                }
                Files.deleteIfExists(request);
            }
            Thread.sleep(500);
        }
    }

    private static String[] withDefaults(final String[] args, final int nodeCount) {
        final List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("-numOfNode")) {
            all.add("-numOfNode");
            all.add(String.valueOf(nodeCount));
        }
        return all.toArray(new String[0]);
    }

    private static List<String> seedHosts(final String host, final int transportBase, final int nodeCount) {
        final List<String> hosts = new ArrayList<>();
        for (int index = 1; index <= nodeCount; index++) {
            hosts.add(host + ":" + (transportBase + index));
        }
        return hosts;
    }

    private static int intOption(final String[] args, final String name, final int fallback) {
        final String value = stringOption(args, name, null);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static String stringOption(final String[] args, final String name, final String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static void closeQuietly(final OpenSearchRunner runner) {
        try {
            if (!runner.isClosed()) {
                runner.close();
            }
        } catch (IOException e) {
            System.err.println("cruce-node: close failed: " + e.getMessage());
        }
    }
}
