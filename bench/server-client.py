#!/usr/bin/env python3
"""HTTP client of bench/server.sh: runs one transfer through a running shotsync server or rclone rcd and prints
its wall time as JSON. The time runs from the request that starts the work to the answer that says it ended, on one
kept-alive connection to 127.0.0.1, so no process start is inside it.

  server-client.py shotsync PORT TOKEN CONFLICT [--scan] [--no-wait]
                     POST a task with execute, poll until it ends; --scan: POST a scan of the endpoint first
  server-client.py wait PORT TOKEN TASK_ID                     poll a task until it ends
  server-client.py rclone PORT SRC_FS DST_FS                   POST sync/copy to rclone rcd (synchronous)
"""
import http.client
import json
import sys
import time

ENDED = {"COMPLETED", "PARTIAL", "FAILED", "CANCELLED"}
POLL = 0.01


def call(conn, method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    r = conn.getresponse()
    data = r.read()
    if r.status >= 300:
        raise SystemExit(f"{method} {path}: {r.status} {data[:500]!r}")
    return json.loads(data) if data else {}


def wait(conn, token, task_id, started):
    while True:
        t = call(conn, "GET", "/api/v1/shots/tasks/" + task_id, token=token)
        if t.get("status") in ENDED:
            return {"seconds": round(time.monotonic() - started, 3), "id": task_id, "status": t["status"],
                    "files": t.get("files"), "itemCounts": t.get("itemCounts")}
        time.sleep(POLL)


def main(argv):
    kind = argv[1]
    if kind in ("shotsync", "wait"):
        conn = http.client.HTTPConnection("127.0.0.1", int(argv[2]), timeout=600)
        token = argv[3]
        started = time.monotonic()
        if "--scan" in argv:
            call(conn, "POST", "/api/v1/shots/structure/default/scan", {}, token)
        if kind == "wait":
            print(json.dumps(wait(conn, token, argv[4], started)))
            return
        task = call(conn, "POST", "/api/v1/shots/tasks", {"endpointId": "default", "name": "bench",
                    "versionStrategy": "all", "conflictStrategy": argv[4], "execute": True}, token)
        if "--no-wait" in argv:
            print(json.dumps({"id": task["id"]}))
            return
        print(json.dumps(wait(conn, token, task["id"], started)))
    elif kind == "rclone":
        conn = http.client.HTTPConnection("127.0.0.1", int(argv[2]), timeout=600)
        started = time.monotonic()
        call(conn, "POST", "/sync/copy", {"srcFs": argv[3], "dstFs": argv[4]})
        print(json.dumps({"seconds": round(time.monotonic() - started, 3)}))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
