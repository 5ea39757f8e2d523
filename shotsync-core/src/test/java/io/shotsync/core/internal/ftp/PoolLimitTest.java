package io.shotsync.core.internal.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.SyncOptions;
import io.shotsync.core.testkit.FtpServerExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PoolLimitTest {
  /** A server that allows two logins per user and refuses more with 421. */
  @RegisterExtension
  final FtpServerExtension FTP2 = new FtpServerExtension(2);

  static final SyncOptions OPTIONS = SyncOptions.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))
      .withRetries(1, Duration.ofMillis(10));

  @Test
  void tooManyConnectionsLowersConcurrencyInsteadOfFailing() throws Exception {
    // the server allows 2 logins per user; the pool asks for 4
    try (FtpPool pool = FtpPools.open(FTP2.endpoint(), OPTIONS.withConnections(4))) {
      FtpSession a = pool.borrow();
      FtpSession b = pool.borrow();
      CompletableFuture<FtpSession> third = CompletableFuture.supplyAsync(pool::borrow);
      // the third borrow meets 421, lowers the pool to 2 and waits for a session to come back
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (pool.concurrency() > 2 && !third.isDone() && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertThat(third).isNotDone();
      assertThat(pool.concurrency()).isEqualTo(2);
      pool.release(a, false);
      FtpSession c = third.get(10, TimeUnit.SECONDS);
      assertThat(c.isAlive()).isTrue();
      assertThat(pool.concurrency()).isEqualTo(2);
      pool.release(b, false);
      pool.release(c, false);
    }
  }
}
