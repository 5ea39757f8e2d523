package io.shotsync.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.Endpoint;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.internal.store.InMemoryTaskStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The store opened in the background: saving endpoints queues behind the open, every read waits for both. */
class LazyTaskStoreTest {

  @Test
  void savingAnEndpointDoesNotWaitForTheOpenAndReadsSeeItInOrder() throws Exception {
    CountDownLatch open = new CountDownLatch(1);
    InMemoryTaskStore inner = new InMemoryTaskStore();
    LazyTaskStore store = LazyTaskStore.start(() -> {
      try {
        open.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return inner;
    });
    // the open is held: a save that waited for it would block this thread for good
    store.saveEndpoint(Endpoint.of("a", "ftp.example.com"));
    store.saveEndpoint(Endpoint.of("b", "ftp.example.com"));
    store.saveEndpoint(Endpoint.of("a", "other.example.com"));
    assertThat(inner.endpoints()).as("nothing written before the open").isEmpty();
    open.countDown();
    assertThat(store.endpoints()).extracting(Endpoint::id).containsExactlyInAnyOrder("a", "b");
    assertThat(store.endpoint("a").orElseThrow().host()).as("saved in order").isEqualTo("other.example.com");
    store.close();
  }

  @Test
  void aFailedOpenIsReportedByTheNextCallAndCloseClosesWhatOpened() {
    LazyTaskStore broken = LazyTaskStore.start(() -> {
      throw new ShotSyncException("the database is locked");
    });
    broken.saveEndpoint(Endpoint.of("a", "ftp.example.com"));
    assertThatThrownBy(broken::endpoints).isInstanceOf(ShotSyncException.class)
        .hasMessage("the database is locked");
    broken.close();

    AtomicBoolean closed = new AtomicBoolean();
    InMemoryTaskStore memory = new InMemoryTaskStore();
    LazyTaskStore fine = LazyTaskStore.start(() -> (TaskStore) Proxy.newProxyInstance(
        TaskStore.class.getClassLoader(), new Class<?>[] {TaskStore.class}, (proxy, m, args) -> {
          if (m.getName().equals("close")) {
            closed.set(true);
          }
          try {
            return m.invoke(memory, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        }));
    fine.saveEndpoint(Endpoint.of("a", "ftp.example.com"));
    fine.close();
    assertThat(closed).isTrue();
    assertThat(memory.endpoints()).as("the queued save ran before the close").extracting(Endpoint::id)
        .containsExactly("a");
  }
}
