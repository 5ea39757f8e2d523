-- shotsync schema, version 4: tasks and items keep the bytes their last run received over the network (beside the
-- bytes fetched or found in place). Rows of earlier versions read 0. Each statement may run again.

ALTER TABLE shotsync_tasks ADD COLUMN IF NOT EXISTS bytes_received BIGINT NOT NULL DEFAULT 0;
ALTER TABLE shotsync_items ADD COLUMN IF NOT EXISTS bytes_received BIGINT NOT NULL DEFAULT 0;
