-- shotsync schema, version 3: a task's automatic-retry budget counts only automatic runs, so a task keeps how many
-- it used since it was last started by hand. Tasks of earlier versions start at 0. Each statement may run again.

ALTER TABLE shotsync_tasks ADD COLUMN IF NOT EXISTS auto_retries_used INT NOT NULL DEFAULT 0;
