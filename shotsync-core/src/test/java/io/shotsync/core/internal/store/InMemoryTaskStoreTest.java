package io.shotsync.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.spi.TaskStore;
import io.shotsync.api.spi.TaskStoreProvider;
import io.shotsync.core.testkit.TaskStoreContract;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class InMemoryTaskStoreTest extends TaskStoreContract {

  @Override
  protected TaskStore newStore() {
    return new InMemoryTaskStore(clock());
  }

  @Test
  void theProviderOpensMemoryUrls() {
    TaskStoreProvider provider = ServiceLoader.load(TaskStoreProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.id().equals("memory")).findFirst().orElseThrow();
    assertThat(provider.accepts("memory:")).isTrue();
    assertThat(provider.accepts("MEMORY:anything")).isTrue();
    assertThat(provider.accepts("jdbc:h2:mem:x")).isFalse();
    try (TaskStore s = provider.open("memory:", Map.of())) {
      assertThat(s).isInstanceOf(InMemoryTaskStore.class);
    }
  }
}
