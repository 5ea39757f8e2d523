/** Value types, task model, strategy SPIs and listener interfaces of shotsync; no I/O. */
module io.shotsync.api {
  requires static org.jspecify;

  exports io.shotsync.api;
  exports io.shotsync.api.spi;
  exports io.shotsync.api.event;

  uses io.shotsync.api.spi.VersionStrategy;
  uses io.shotsync.api.spi.ConflictStrategy;
  uses io.shotsync.api.spi.DepartmentLayoutProvider;
  uses io.shotsync.api.spi.TaskStoreProvider;
}
