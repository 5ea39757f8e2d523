/** The shotsync REST API over HTTP (Javalin on Jetty 12) behind a token; embeddable, and behind {@code shotsync serve}. */
module io.shotsync.server {
  requires transitive io.shotsync.core;
  requires io.shotsync.jdbc;
  requires io.javalin;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires static org.jspecify;

  exports io.shotsync.server;
}
