#!/usr/bin/env python3
"""Query analytics on the real quarry-serve: --query-log and GET /api/stats.

With --query-log and --admin on 127.0.0.1 it runs searches (a no-hit
one, a relaxed one, one answered from the cache, some that are not
logged), opens questions, then checks each part of /api/stats against what
it sent, and the log line by line: whole JSON records, no client address.
Then: /api/stats is a 404 without --admin and to a client behind a proxy,
says logging is off without --query-log, and a log that cannot be opened
stops quarry-serve at start with exit status 2.

  stats_test.py --serve BIN --index BIN --corpus DIR --work DIR
"""
import http.client
import json
import os
import signal
import subprocess
import sys
import urllib.parse

import served_index
from served_index import check, failures, fresh_index, start

RECORD_KEYS = {"search": {"type", "time", "query", "key", "hits", "related", "relaxed", "corrected",
                          "filters", "ms", "cached"},
               "open": {"type", "time", "id", "via"}}


def get_json(port, path, headers=None):
    """Status, headers and decoded JSON body of GET `path`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=headers or {})
    res = conn.getresponse()
    body = res.read()
    conn.close()
    return res.status, dict(res.getheaders()), json.loads(body)


def search(port, q, extra=""):
    status, _, body = get_json(port, "/api/search?q=" + urllib.parse.quote(q) + extra)
    assert status == 200, (q, status, body)
    return body


def main():
    args, db = fresh_index()
    log = os.path.join(args.work, "queries.jsonl")
    serve, port = start(args, db, ["--admin", "--query-log", log])
    try:
        # What the searches below must be, or the test proves nothing.
        relaxed_query = "celery retry storm"
        no_hit_query = "kubernetesxyz"
        check("the relaxed query is relaxed", search(port, relaxed_query, "&log=0")["matching"]["relaxed"])
        nothing = search(port, no_hit_query, "&log=0")
        check("the no-hit query finds nothing", nothing["total"] + nothing["related_total"] == 0)

        for q in ("gil", "gil", "GIL ", "  Gil"):
            search(port, q)  # the second "gil" comes from the result cache
        search(port, no_hit_query)
        search(port, no_hit_query)
        search(port, relaxed_query)
        search(port, "deadlock", "&section=" + urllib.parse.quote("MySQL / Database"))
        # Not logged: a later page, browsing, the page's own probes.
        search(port, "gil", "&offset=10")
        search(port, "")
        search(port, "gil", "&log=0")
        status, _, _ = get_json(port, "/api/search?q=gil&log=2")
        check("log=2 is a 400", status == 400)

        outline_status, outline_headers, outline = get_json(port, "/api/outline")
        check("/api/outline says the report is there", outline_headers.get("X-Quarry-Report") == "1")
        first_id = search(port, "gil", "&log=0")["hits"][0]["id"]
        second_id = search(port, "deadlock", "&log=0")["hits"][0]["id"]
        status, _, _ = get_json(port, "/api/questions/" + first_id)
        check("a question opens", status == 200)
        status, _, _ = served_index.get(port, "/q/" + second_id)
        check("a question's page opens", status == 200)
        get_json(port, "/api/questions/no/such")  # a 404: not an open

        status, _, report = get_json(port, "/api/stats")
        check("/api/stats answers 127.0.0.1", status == 200, str(report))
        check("logging is on", report["logging"] is True)
        check("it counts the logged searches", report["searches"] == 8, str(report["searches"]))
        top = report["top_queries"]
        check("the top query is gil, however typed, 4 times",
              top and top[0]["key"] == "gil" and top[0]["count"] == 4 and top[0]["query"] == "gil", str(top[:2]))
        check("distinct queries are counted by key", report["distinct_queries"] == 4,
              str(report["distinct_queries"]))
        no_hits = report["no_hits"]
        check("the no-hit query is listed twice", no_hits["list"] == [
            {"query": no_hit_query, "key": no_hit_query, "count": 2, "hits": 0}], str(no_hits))
        check("no-hit totals", no_hits["searches"] == 2 and no_hits["queries"] == 1)
        relaxed = report["relaxed"]
        check("the relaxed query is listed", [q["query"] for q in relaxed["list"]] == [relaxed_query],
              str(relaxed))
        check("opens are counted", report["opens"] == 2, str(report["opens"]))
        never = report["never_opened"]
        check("never-opened questions: all but the two opened",
              never["total"] == outline["questions"] - 2 and never["questions"] == outline["questions"],
              f"{never['total']} of {never['questions']}")
        check("the opened questions are not listed", first_id not in never["ids"] and second_id not in never["ids"])
        check("never-opened ids are listed 50 at most by default", len(never["ids"]) == 50)
        check("times are UTC", report["first_time"].endswith("Z") and report["first_time"] <= report["last_time"])

        _, _, limited = get_json(port, "/api/stats?limit=1&never_opened=0")
        check("limit=1 cuts each list at 1", len(limited["top_queries"]) == 1 and limited["never_opened"]["ids"] == []
              and limited["never_opened"]["total"] == never["total"])
        for bad in ("limit=0", "limit=1001", "limit=x", "never_opened=-1"):
            status, _, body = get_json(port, "/api/stats?" + bad)
            check(f"/api/stats?{bad} is a 400 with a JSON error", status == 400 and "error" in body, str(body))

        # A client behind the nginx front: X-Forwarded-For names it.
        status, _, body = get_json(port, "/api/stats", {"X-Forwarded-For": "203.0.113.9"})
        check("to a client elsewhere (through a proxy) it is a 404", status == 404 and "error" in body)
        _, headers, _ = get_json(port, "/api/outline", {"X-Forwarded-For": "203.0.113.9"})
        check("and /api/outline does not offer the report", "X-Quarry-Report" not in headers)
        status, _, _ = get_json(port, "/api/stats", {"X-Forwarded-For": "127.0.0.1"})
        check("to this machine through a proxy it answers", status == 200)
    finally:
        serve.terminate()
        serve.wait(10)

    with open(log, "rb") as f:
        lines = f.read().split(b"\n")
    check("the log ends with a newline", lines[-1] == b"")
    records = [json.loads(line) for line in lines[:-1]]
    check("the log holds 8 searches and 2 opens",
          [r["type"] for r in records].count("search") == 8 and [r["type"] for r in records].count("open") == 2)
    check("every record has only the documented fields",
          all(set(r) <= RECORD_KEYS[r["type"]] for r in records), str(records[:1]))
    raw = b"\n".join(lines)
    check("no client address in the log", b"127.0.0.1" not in raw and b"203.0.113" not in raw)
    check("one search came from the cache", sum(1 for r in records if r.get("cached")) >= 1)
    check("filters are recorded", any(r.get("filters") == {"section": ["MySQL / Database"]} for r in records))
    check("opens say how", sorted(r["via"] for r in records if r["type"] == "open") == ["api", "page"])

    # Without --admin: 404, as for a path that does not exist; the log still fills.
    serve, port = start(args, db, ["--query-log", log])
    try:
        status, _, body = get_json(port, "/api/stats")
        check("without --admin /api/stats is a 404", status == 404 and body == {"error": "no such path: /api/stats"},
              str(body))
        _, headers, _ = get_json(port, "/api/outline")
        check("and the outline does not offer it", "X-Quarry-Report" not in headers)
        search(port, "gil")
    finally:
        serve.terminate()
        serve.wait(10)
    with open(log) as f:
        check("a second server appends to the log", sum(1 for _ in f) == len(records) + 1)

    # logrotate moves the log away and sends SIGHUP: records go to a new file.
    serve, port = start(args, db, ["--query-log", log])
    try:
        os.rename(log, log + ".1")
        serve.send_signal(signal.SIGHUP)
        reopened = serve.stdout.readline()
        search(port, "celery")
    finally:
        serve.terminate()
        serve.wait(10)
    with open(log) as f:
        fresh = [json.loads(line) for line in f]
    check("after SIGHUP the records go to a new file at the log's path",
          "reopened" in reopened and [r.get("query") for r in fresh] == ["celery"], str(fresh))

    # --admin without a log; the log from the environment.
    serve, port = start(args, db, ["--admin"])
    try:
        status, _, report = get_json(port, "/api/stats")
        check("--admin without --query-log: a report that says logging is off",
              status == 200 and report["logging"] is False and report["searches"] == 0)
    finally:
        serve.terminate()
        serve.wait(10)
    env_log = os.path.join(args.work, "env.jsonl")
    env_serve = subprocess.Popen([args.serve, "--db", db, "--port", "0", "--log-format", "off"],
                                 stdout=subprocess.PIPE, text=True, env={**os.environ, "QUARRY_QUERY_LOG": env_log})
    try:
        env_port = int(env_serve.stdout.readline().strip().rsplit(":", 1)[1])
        search(env_port, "gil")
    finally:
        env_serve.terminate()
        env_serve.wait(10)
    check("QUARRY_QUERY_LOG sets the log", os.path.exists(env_log) and os.path.getsize(env_log) > 0)

    # A log that cannot be opened: a clear error at start, exit 2.
    bad = os.path.join(args.work, "no", "such", "folder", "log.jsonl")
    run = subprocess.run([args.serve, "--db", db, "--port", "0", "--query-log", bad],
                         capture_output=True, text=True, timeout=30)
    check("an unopenable log: exit 2", run.returncode == 2, str(run.returncode))
    check("saying which file and why", bad in run.stderr and "No such file or directory" in run.stderr, run.stderr)
    help_text = subprocess.run([args.serve, "--help"], capture_output=True, text=True).stdout
    check("--help lists --query-log, --admin and their variables",
          all(w in help_text for w in ("--query-log", "--admin", "QUARRY_QUERY_LOG", "QUARRY_ADMIN")))

    print(f"stats_test: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
