#!/usr/bin/env python3
"""An index replicated with Xapian's own tools (xapian-replicate-server,
xapian-replicate) to a second folder while it is served and rebuilt:
quarry-serve on the replica gives the master's answers, JSON for JSON,
once the replica has caught up with each build."""
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import served_index  # noqa: E402
from served_index import check, get  # noqa: E402
from tcp_port import free_port  # noqa: E402

QUERIES = ["decorator", "python gil", "djnago orm", "rest api", "mysql index", "wombat protocol", "", "closure vs"]
CATCH_UP_LIMIT = 30  # seconds for the replica to take in a build


def answers(port):
    """Every query's answer, without the one field that may differ."""
    out = {}
    for query in QUERIES:
        status, _, body = get(port, "/api/search?log=0&limit=20&q=" + urllib.parse.quote(query))
        answer = json.loads(body)
        answer.pop("took_ms", None)
        out[query] = (status, answer)
    return out


def caught_up(master, replica):
    started = time.monotonic()
    while time.monotonic() - started < CATCH_UP_LIMIT:
        if answers(master) == answers(replica):
            return time.monotonic() - started
        time.sleep(0.1)
    return None


def main():
    args, db = served_index.fresh_index()
    work = args.work
    port = free_port()
    server = subprocess.Popen(["xapian-replicate-server", "--interface", "127.0.0.1", "--port", str(port), work],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    replica = os.path.join(work, "replica")
    client = None
    serving = []
    try:
        time.sleep(0.3)
        # The replica is made once, then kept up to date (asking every second).
        subprocess.run(["xapian-replicate", "--host", "127.0.0.1", "--port", str(port), "--master",
                        os.path.basename(db), "--one-shot", replica], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        client = subprocess.Popen(["xapian-replicate", "--host", "127.0.0.1", "--port", str(port), "--master",
                                   os.path.basename(db), "--interval", "1", "--reader-time", "1", replica],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        master_serve, master_port = served_index.start(args, db, ["--cache-entries", "0"])
        replica_serve, replica_port = served_index.start(args, replica, ["--cache-entries", "0"])
        serving = [master_serve, replica_serve]
        check("the replica serves the master's answers", answers(master_port) == answers(replica_port))

        banks = os.path.join(work, "banks")
        shutil.copytree(args.corpus, banks)
        for round_ in range(1, 3):
            with open(os.path.join(banks, "extra.md"), "w") as f:
                f.write(f"# Extra\n\n## Replicated\n" +
                        "".join(f"{k}. What is the wombat protocol, take {k}?\n" for k in range(1, round_ + 1)))
            subprocess.run([args.index, "--db", db, "--quiet", banks], check=True, stdout=subprocess.DEVNULL)
            status, _, body = get(master_port, "/api/search?log=0&q=wombat")
            check(f"build {round_}: the master serves it", json.loads(body)["total"] == round_, body[:200])
            took = caught_up(master_port, replica_port)
            check(f"build {round_}: the replica catches up within {CATCH_UP_LIMIT} s and answers the same",
                  took is not None, f"took {took}")
            if took is not None:
                print(f"build {round_}: the replica answered the same after {took:.2f} s")
    finally:
        # Xapian's tools hold nothing to finish: stopped at once.
        for process in ([client] if client else []) + [server]:
            process.kill()
            process.wait()
        for process in serving:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    sys.exit(1 if served_index.failures else 0)


if __name__ == "__main__":
    main()
