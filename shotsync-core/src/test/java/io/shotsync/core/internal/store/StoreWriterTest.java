package io.shotsync.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.ItemKey;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.Version;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.internal.store.InMemoryTaskStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A store write that fails loses nothing: the next flush writes it, in order, and releases wait for their items. */
class StoreWriterTest {

  @Test
  void aFailedWriteIsWrittenByTheNextFlushAndReleasesWaitForTheirItems() {
    InMemoryTaskStore real = new InMemoryTaskStore(Clock.systemUTC());
    AtomicInteger failures = new AtomicInteger(1);
    TaskStore flaky = (TaskStore) Proxy.newProxyInstance(TaskStore.class.getClassLoader(),
        new Class<?>[] {TaskStore.class}, (proxy, m, args) -> {
          if (m.getName().equals("appendLogs") && failures.getAndDecrement() > 0) {
            throw new IllegalStateException("database went away");
          }
          try {
            return m.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    real.createTask(Task.create("t", TaskSpec.builder("e").build(), Instant.now()), List.of(
        TaskItem.create(1, "t", ItemKey.parse("ep01/sq010/sh0010/anim"), null, List.of(Version.of(1)), null)));
    assertThat(real.claimItems("t", "w1", Duration.ofMinutes(5), 1)).hasSize(1);
    StoreWriter writer = new StoreWriter(flaky, 3_600_000);
    try {
      TaskItem done = real.items("t").get(0).withStatus(ItemStatus.COMPLETED, null);
      writer.item(done);
      writer.log(new LogRecord(0, Instant.now(), LogLevel.INFO, "t", 1L, null, "first"));
      writer.log(new LogRecord(0, Instant.now(), LogLevel.INFO, "t", 1L, null, "second"));
      writer.release("w1", 1);
      assertThatThrownBy(writer::flush).hasMessageContaining("database went away");
      // the item was written; its release waits, so no other worker can claim it meanwhile
      assertThat(real.items("t").get(0).status()).isEqualTo(ItemStatus.COMPLETED);
      assertThat(real.claimHolders("t")).containsExactly("w1");
      writer.log(new LogRecord(0, Instant.now(), LogLevel.INFO, "t", 1L, null, "third"));
      writer.flush();
      assertThat(real.logs(new LogQuery("t", LogLevel.DEBUG, 0, 10))).extracting(LogRecord::message)
          .containsExactly("first", "second", "third");
      assertThat(real.claimHolders("t")).isEmpty();
    } finally {
      writer.close();
    }
  }
}
