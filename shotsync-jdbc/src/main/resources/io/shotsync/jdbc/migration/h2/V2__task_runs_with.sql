-- shotsync schema, version 2: a task stores what runs it (its local root, layout and transfer options), so any
-- process (a worker, a retry, an automatic retry, a server) runs it the same way. Each statement may run again.
-- Tasks of version 1 keep NULL here; a reader takes their local root from the command-line property
-- shotsync.cli.local they were created with, and the running process's options.

ALTER TABLE shotsync_tasks ADD COLUMN IF NOT EXISTS local_root VARCHAR(4000);
ALTER TABLE shotsync_tasks ADD COLUMN IF NOT EXISTS layout_json TEXT;
ALTER TABLE shotsync_tasks ADD COLUMN IF NOT EXISTS options TEXT;
