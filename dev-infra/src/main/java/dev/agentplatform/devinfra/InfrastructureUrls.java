package dev.agentplatform.devinfra;

import java.net.URI;

/** Parsing of the {@code redis://} and {@code postgresql://} URLs the platform is configured with. */
final class InfrastructureUrls {

    private InfrastructureUrls() {}

    /** The same Redis server with {@code database} selected. */
    static String withRedisDatabase(String redisUrl, int database) {
        URI uri = URI.create(redisUrl.trim());
        String auth = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        return uri.getScheme() + "://" + auth + uri.getHost() + ":" + port + "/" + database;
    }

    /** JDBC coordinates for a {@code postgresql://user[:password]@host[:port]/db} or {@code jdbc:} URL. */
    static Jdbc jdbc(String url) {
        String trimmed = url.trim();
        if (trimmed.startsWith("jdbc:")) {
            return new Jdbc(trimmed, System.getProperty("user.name"), "");
        }
        URI uri = URI.create(trimmed.replaceFirst("^postgres(ql)?://", "http://"));
        String user = "postgres";
        String password = "";
        if (uri.getUserInfo() != null) {
            int colon = uri.getUserInfo().indexOf(':');
            user = colon < 0 ? uri.getUserInfo() : uri.getUserInfo().substring(0, colon);
            password = colon < 0 ? "" : uri.getUserInfo().substring(colon + 1);
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String path = uri.getPath() == null || uri.getPath().length() <= 1 ? "/postgres" : uri.getPath();
        return new Jdbc("jdbc:postgresql://" + uri.getHost() + ":" + port + path, user, password);
    }

    record Jdbc(String url, String username, String password) {

        /** The same server, another database. */
        String withDatabase(String database) {
            int slash = url.indexOf('/', "jdbc:postgresql://".length());
            int query = url.indexOf('?');
            String suffix = query < 0 ? "" : url.substring(query);
            return url.substring(0, slash + 1) + database + suffix;
        }
    }
}
