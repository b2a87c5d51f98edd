#!/usr/bin/env python3
"""quarry-serve --watch DIR under load: every save of a bank file is on the
page within 2 s, a file that no longer parses keeps the index and shows on
/readyz, and not one request of the load fails meanwhile.

Prints the save-to-answer times it measured (median and worst)."""
import glob
import json
import os
import shutil
import signal
import statistics
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import served_index  # noqa: E402
from served_index import check, get  # noqa: E402

SAVE_TO_ANSWER_LIMIT = 2.0  # seconds: the bound
LOAD_THREADS = 4
LOAD_QUERIES = ["closure", "python gil", "django orm", "rest api", "mysql index", "decorator vs closure"]


WORDS = ["quokka", "narwhal", "axolotl", "pangolin", "capybara", "okapi", "tardigrade", "wombat"]


def search_total(port, query):
    status, _, body = get(port, "/api/search?log=0&q=" + urllib.parse.quote(query))
    return json.loads(body)["total"] if status == 200 else -1


def found(port, word):
    """Whether a question with `word` itself is answered (not a correction's)."""
    status, _, body = get(port, "/api/search?log=0&verbatim=1&q=" + urllib.parse.quote(word))
    return status == 200 and any(word in hit["text"] for hit in json.loads(body)["hits"])


def ready(port):
    status, _, body = get(port, "/readyz")
    return status, json.loads(body)


class Load:
    """LOAD_THREADS clients searching until stopped (at most 120 s each)."""

    def __init__(self, port):
        self.port, self.sent, self.failed = port, 0, []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, args=(i,)) for i in range(LOAD_THREADS)]

    def run(self, n):
        until = time.monotonic() + 120
        i = n
        while not self.stop.is_set() and time.monotonic() < until:
            query = LOAD_QUERIES[i % len(LOAD_QUERIES)]
            i += 1
            try:
                status, _, _ = get(self.port, "/api/search?log=0&q=" + urllib.parse.quote(query))
                ok = status == 200
            except OSError as e:
                ok, status = False, str(e)
            with self.lock:
                self.sent += 1
                if not ok:
                    self.failed.append(status)

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join()


def wait_until(predicate, limit):
    """Seconds until `predicate` held (polled every 10 ms), or None after `limit`."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.01)
    return None


def main():
    args, _ = served_index.fresh_index()
    banks = os.path.join(args.work, "banks")
    os.makedirs(banks)
    for path in glob.glob(os.path.join(args.corpus, "*")):
        if os.path.isfile(path) and not path.endswith("README.md"):
            shutil.copy(path, banks)
    db = os.path.join(args.work, "watched-index")
    serve, port = served_index.start(args, db, ["--watch", banks])
    seed = os.path.join(banks, "interview-questions.md")
    extra = os.path.join(banks, "extra.md")
    times = []
    with Load(port) as load:
        check("the folder is indexed at start", search_total(port, "decorator") > 0)
        for round_ in range(1, 7):
            word = WORDS[round_ - 1]
            if round_ % 2:  # a new or rewritten small file
                with open(extra, "w") as f:
                    f.write(f"# Extra\n\n## Watched\n1. What is the {word} protocol?\n")
            else:  # the seed bank itself, one question appended
                with open(seed, "a") as f:
                    f.write(f"\n## Watched {round_}\n1. How does {word} scale?\n")
            took = wait_until(lambda: found(port, word), 10)
            check(f"save {round_} ({'extra.md' if round_ % 2 else 'the seed bank'}) is answered "
                  f"within {SAVE_TO_ANSWER_LIMIT} s", took is not None and took < SAVE_TO_ANSWER_LIMIT,
                  f"took {took}")
            if took is not None:
                times.append(took)

        with open(extra, "w") as f:
            f.write("nothing that is a question\n")
        shown = wait_until(lambda: "warnings" in ready(port)[1], 10)
        status, body = ready(port)
        check("a file that no longer parses shows on /readyz, which stays 200",
              shown is not None and status == 200 and any("extra.md" in w for w in body.get("warnings", [])),
              json.dumps(body))
        check("... and the index keeps what it had", found(port, WORDS[4]))
        with open(extra, "w") as f:
            f.write("# Extra\n\n## Watched\n1. What is the wombat protocol?\n")
        check("fixed, it indexes again and /readyz has nothing to say",
              wait_until(lambda: found(port, "wombat") and "warnings" not in ready(port)[1], 10)
              is not None)
        with open(os.path.join(banks, "records.jsonl"), "w") as f:
            f.write('{"id": "r-1", "text": "What is a tardigrade?"}\n{not json\n')
        wait_until(lambda: found(port, "tardigrade"), 10)
        check("a bank warning of a file indexed shows on /readyz with file and line",
              any("records.jsonl:2" in w for w in ready(port)[1].get("warnings", [])), json.dumps(ready(port)[1]))
    check("every save of the seed bank is in the index", all(found(port, w) for w in WORDS[1:6:2]))
    check(f"no request failed under load ({load.sent} sent)", load.sent > 0 and not load.failed,
          str(load.failed[:5]))
    if times:
        print(f"save to answer: median {statistics.median(times):.3f} s, worst {max(times):.3f} s "
              f"over {len(times)} saves")
    serve.send_signal(signal.SIGTERM)
    check("exits 0 on SIGTERM", serve.wait(timeout=30) == 0)
    if served_index.failures:
        print(f"{len(served_index.failures)} check(s) failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
