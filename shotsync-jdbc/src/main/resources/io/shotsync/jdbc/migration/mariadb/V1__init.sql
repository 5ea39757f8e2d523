-- shotsync schema, version 1 (MariaDB 10.6+ / MySQL 8). Every statement may run again after a partial failure.
-- Instants are DATETIME(6) in UTC; JSON columns are JSON (LONGTEXT checked by JSON_VALID on MariaDB).
-- utf8mb4_bin: ids and paths compare exactly, as they do on the FTP server and the local disk.
-- Indexes are declared inside CREATE TABLE, so IF NOT EXISTS covers them on MySQL too.

CREATE TABLE IF NOT EXISTS shotsync_endpoints (
  id          VARCHAR(200)  NOT NULL PRIMARY KEY,
  host        VARCHAR(255)  NOT NULL,
  port        INT           NOT NULL,
  user_name   VARCHAR(255)  NOT NULL,
  root_path   TEXT          NOT NULL,
  ftps        BOOLEAN       NOT NULL,
  trust       TEXT,
  updated_at  DATETIME(6)   NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS shotsync_structures (
  endpoint_id     VARCHAR(200) NOT NULL PRIMARY KEY,
  structure_json  LONGTEXT     NOT NULL,
  scanned_at      DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS shotsync_tasks (
  id                 VARCHAR(200)  NOT NULL PRIMARY KEY,
  name               TEXT          NOT NULL,
  endpoint_id        VARCHAR(200)  NOT NULL,
  status             VARCHAR(20)   NOT NULL,
  version_strategy   VARCHAR(100)  NOT NULL DEFAULT 'latest',
  specific_version   VARCHAR(20),
  custom_versions    JSON          NOT NULL,
  conflict_strategy  VARCHAR(100)  NOT NULL DEFAULT 'skip',
  selection          JSON          NOT NULL,
  properties         JSON          NOT NULL,
  not_before         DATETIME(6),
  auto_retries       INT           NOT NULL DEFAULT 0,
  retry_delay        VARCHAR(60)   NOT NULL,
  created_at         DATETIME(6)   NOT NULL,
  started_at         DATETIME(6),
  completed_at       DATETIME(6),
  total_bytes        BIGINT        NOT NULL DEFAULT 0,
  transferred_bytes  BIGINT        NOT NULL DEFAULT 0,
  attempts           INT           NOT NULL DEFAULT 0,
  message            MEDIUMTEXT,
  INDEX shotsync_tasks_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS shotsync_items (
  id                  BIGINT       NOT NULL PRIMARY KEY,
  task_id             VARCHAR(200) NOT NULL,
  episode             VARCHAR(200) NOT NULL,
  seq                 VARCHAR(200) NOT NULL,
  shot                VARCHAR(200) NOT NULL,
  department          VARCHAR(64)  NOT NULL,
  status              VARCHAR(20)  NOT NULL,
  message             MEDIUMTEXT,
  selected_version    VARCHAR(20),
  available_versions  JSON         NOT NULL,
  latest_version      VARCHAR(20),
  local_version       VARCHAR(20),
  fetched_versions    JSON         NOT NULL,
  file_count          INT          NOT NULL DEFAULT 0,
  total_bytes         BIGINT       NOT NULL DEFAULT 0,
  transferred_bytes   BIGINT       NOT NULL DEFAULT 0,
  files_downloaded    INT          NOT NULL DEFAULT 0,
  files_skipped       INT          NOT NULL DEFAULT 0,
  files_overwritten   INT          NOT NULL DEFAULT 0,
  files_kept_both     INT          NOT NULL DEFAULT 0,
  files_resumed       INT          NOT NULL DEFAULT 0,
  files_failed        INT          NOT NULL DEFAULT 0,
  worker_id           VARCHAR(200),
  lease_until         DATETIME(6),
  INDEX shotsync_items_task (task_id, id),
  INDEX shotsync_items_shot (episode, seq, shot),
  INDEX shotsync_items_worker (worker_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS shotsync_files (
  task_id          VARCHAR(200) NOT NULL,
  path_hash        CHAR(64)     NOT NULL,
  item_id          BIGINT       NOT NULL,
  path             MEDIUMTEXT   NOT NULL,
  version          VARCHAR(20),
  file_size        BIGINT       NOT NULL,
  remote_modified  DATETIME(6),
  status           VARCHAR(20)  NOT NULL,
  file_action      VARCHAR(20),
  bytes_done       BIGINT       NOT NULL DEFAULT 0,
  message          MEDIUMTEXT,
  updated_at       DATETIME(6)  NOT NULL,
  PRIMARY KEY (task_id, path_hash),
  INDEX shotsync_files_item (item_id, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS shotsync_logs (
  seq         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  task_id     VARCHAR(200) NOT NULL,
  logged_at   DATETIME(6)  NOT NULL,
  log_level   VARCHAR(10)  NOT NULL,
  level_rank  SMALLINT     NOT NULL,
  item_id     BIGINT,
  file_path   MEDIUMTEXT,
  message     MEDIUMTEXT   NOT NULL,
  INDEX shotsync_logs_task (task_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS shotsync_counters (
  name        VARCHAR(50) NOT NULL PRIMARY KEY,
  next_value  BIGINT      NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- item_id: the next free item id. log_append: log records appended so far; its row lock orders appends,
-- so that log sequence numbers commit in increasing order and a reader's cursor never skips a record.
INSERT IGNORE INTO shotsync_counters (name, next_value) VALUES ('item_id', 1);
INSERT IGNORE INTO shotsync_counters (name, next_value) VALUES ('log_append', 0);
