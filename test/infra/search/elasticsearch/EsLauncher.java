/*
 * Starts one real Elasticsearch node for Auditorium's tests and local runs,
 * from the jars Maven Central serves, the way Elasticsearch's own test
 * framework does (MockNode): the HTTP/transport module is loaded from the
 * classpath instead of from a distribution's modules/ folder.
 *
 * It lives in org.elasticsearch.node because NodeConstruction and
 * NodeServiceProvider are package-private there.
 *
 * Usage: java -cp <lib/*>:<classes> org.elasticsearch.node.EsLauncher key=value...
 * Every argument is a node setting (path.home, path.data, http.port, ...).
 * Stops cleanly on SIGTERM / SIGINT.
 */
package org.elasticsearch.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.MockPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.transport.netty4.Netty4Plugin;
import org.elasticsearch.xcontent.XContentBuilder;

public final class EsLauncher extends Node {

    private static final String LOG4J2_PROPERTIES = String.join(
        "\n",
        "status = error",
        "appender.console.type = Console",
        "appender.console.name = console",
        "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n",
        "rootLogger.level = info",
        "rootLogger.appenderRef.console.ref = console",
        // Native libraries (zstd, vector ops) ship only in the distribution; the
        // node falls back to Java code and would log a stack trace about it.
        "logger.nativeaccess.name = org.elasticsearch.nativeaccess.NativeAccess",
        "logger.nativeaccess.level = error",
        "logger.vectorization.name = org.apache.lucene.internal.vectorization",
        "logger.vectorization.level = error",
        "logger.simdvec.name = org.elasticsearch.simdvec",
        "logger.simdvec.level = error",
        ""
    );

    /**
     * {@code GET /} lives in the distribution's rest-root module, which Maven
     * Central does not serve. This answers it the way that module does, from
     * the node's own build, cluster name and cluster UUID, so clients can ask
     * "who are you" (client.info(), ping). Everything else is the server's own.
     */
    public static final class RootEndpointPlugin extends Plugin implements ActionPlugin {
        private volatile ClusterService clusterService;

        @Override
        public Collection<?> createComponents(PluginServices services) {
            this.clusterService = services.clusterService();
            return List.of();
        }

        @Override
        public Collection<RestHandler> getRestHandlers(
            RestHandlersServices services,
            Supplier<DiscoveryNodes> nodesInCluster,
            Predicate<NodeFeature> clusterSupportsFeature
        ) {
            return List.of(new BaseRestHandler() {
                @Override
                public String getName() {
                    return "auditorium_main_action";
                }

                @Override
                public List<Route> routes() {
                    return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
                }

                @Override
                protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
                    return channel -> {
                        Build build = Build.current();
                        XContentBuilder body = channel.newBuilder();
                        body.startObject();
                        body.field("name", clusterService.localNode().getName());
                        body.field("cluster_name", clusterService.getClusterName().value());
                        body.field("cluster_uuid", clusterService.state().metadata().clusterUUID());
                        body.startObject("version");
                        body.field("number", build.qualifiedVersion());
                        body.field("build_flavor", build.flavor());
                        body.field("build_type", build.type().displayName());
                        body.field("build_hash", build.hash());
                        body.field("build_date", build.date());
                        body.field("build_snapshot", build.isSnapshot());
                        body.field("lucene_version", IndexVersion.current().luceneVersion().toString());
                        body.field("minimum_wire_compatibility_version", build.minWireCompatVersion());
                        body.field("minimum_index_compatibility_version", build.minIndexCompatVersion());
                        body.endObject();
                        body.field("tagline", "You Know, for Search");
                        body.endObject();
                        channel.sendResponse(new RestResponse(RestStatus.OK, body));
                    };
                }
            });
        }
    }

    private EsLauncher(Environment environment, Collection<Class<? extends Plugin>> plugins) {
        super(NodeConstruction.prepareConstruction(environment, null, new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, PluginsLoader ignored) {
                return new MockPluginsService(env.settings(), env, plugins);
            }
        }, true));
    }

    public static void main(String[] args) throws Exception {
        Settings.Builder builder = Settings.builder();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got [" + arg + "]");
            }
            builder.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Settings settings = builder.build();

        Path home = Path.of(settings.get("path.home")).toAbsolutePath();
        Path config = home.resolve("config");
        Files.createDirectories(config);
        Files.writeString(config.resolve("log4j2.properties"), LOG4J2_PROPERTIES);

        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings,
            Map.of(),
            config,
            () -> settings.get("node.name", "auditorium-test")
        );
        LogConfigurator.setNodeName(settings.get("node.name", "auditorium-test"));
        LogConfigurator.configure(environment, true);

        EsLauncher node = new EsLauncher(environment, List.of(Netty4Plugin.class, RootEndpointPlugin.class));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "auditorium-es-shutdown"));

        node.start();
        System.out.println("auditorium: elasticsearch node started");
        stopped.await();
    }
}
