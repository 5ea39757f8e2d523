package io.shotsync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotsync.api.Endpoint;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.ShotSync;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** A running server over a ShotSync with one FTP endpoint, a store and a local root; closed with everything in it. */
final class ServerFixture implements AutoCloseable {
  static final String TOKEN = "test-token-" + ServerToken.generate();

  final TaskStore store;
  final ShotSync sync;
  final ShotSyncServer server;
  final Api api;
  final Path local;

  ServerFixture(TaskStore store, Endpoint endpoint, Path local, Consumer<ShotSync.Builder> syncSetup,
      Consumer<ShotSyncServer.Builder> serverSetup) {
    this.store = store;
    this.local = local;
    ShotSync.Builder b = ShotSync.builder().endpoint(endpoint).localRoot(local).store(store);
    syncSetup.accept(b);
    this.sync = b.build();
    ShotSyncServer.Builder sb = ShotSyncServer.builder(sync).port(0).token(TOKEN);
    serverSetup.accept(sb);
    this.server = sb.start();
    this.api = new Api(server.url(), TOKEN);
  }

  /** Polls the task until it ends; answers its final JSON (the loop is bounded, never an assertion on time). */
  JsonNode awaitFinal(String id) {
    for (int i = 0; i < 600; i++) {
      Api.Res r = api.get("/api/v1/shots/tasks/" + id);
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      String status = r.json().path("status").asText();
      if (TaskStatus.valueOf(status).isFinal()) {
        return r.json();
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return fail("task " + id + " did not end: " + api.get("/api/v1/shots/tasks/" + id));
  }

  /** Asserts that each remote file is on local disk with the same bytes. */
  void assertOnDisk(Map<String, Integer> remoteFiles) {
    assertThat(remoteFiles).isNotEmpty();
    remoteFiles.forEach((path, size) -> {
      Path p = local.resolve(path);
      assertThat(p).as(path).isRegularFile();
      try {
        assertThat(Files.readAllBytes(p)).as(path).isEqualTo(ShotTreeGenerator.content(path, size));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      try {
        sync.close();
      } finally {
        store.close();
      }
    }
  }
}
