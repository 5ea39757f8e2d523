/** FTP scanning, comparison, planning and transfer engine of shotsync, with the built-in strategies. */
module io.shotsync.core {
  requires transitive io.shotsync.api;
  requires org.apache.commons.net;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires java.net.http;
  requires static org.jspecify;
  requires static jakarta.mail;

  exports io.shotsync.core;
  exports io.shotsync.core.strategy;

  opens io.shotsync.core to com.fasterxml.jackson.databind;

  uses io.shotsync.api.spi.VersionStrategy;
  uses io.shotsync.api.spi.ConflictStrategy;
  uses io.shotsync.api.spi.DepartmentLayoutProvider;
  uses io.shotsync.api.spi.TaskStoreProvider;

  provides io.shotsync.api.spi.VersionStrategy with
      io.shotsync.core.strategy.LatestVersionStrategy,
      io.shotsync.core.strategy.SpecificVersionStrategy,
      io.shotsync.core.strategy.AllVersionsStrategy,
      io.shotsync.core.strategy.CustomVersionStrategy;
  provides io.shotsync.api.spi.ConflictStrategy with
      io.shotsync.core.strategy.SkipConflictStrategy,
      io.shotsync.core.strategy.CompareConflictStrategy,
      io.shotsync.core.strategy.OverwriteConflictStrategy,
      io.shotsync.core.strategy.KeepBothConflictStrategy;
  provides io.shotsync.api.spi.TaskStoreProvider with io.shotsync.core.internal.store.MemoryTaskStoreProvider;
  provides io.shotsync.api.spi.DepartmentLayoutProvider with
      io.shotsync.core.internal.layout.VersionFoldersProvider,
      io.shotsync.core.internal.layout.VersionedFilesProvider;
}
