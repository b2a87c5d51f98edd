#!/usr/bin/env python3
"""The live index, timed: how long from `quarry-index --add` of one new
question (and `--remove` of it) to quarry-serve answering with the change,
on an index the bench built.

usage: bench/live_update.py --serve BIN --index BIN --db DIR --work DIR [--rounds N]
       bench/live_update.py --serve BIN --watch BANKS --work DIR [--rounds N]

Starts quarry-serve on DIR (127.0.0.1, a free port), then each round writes
a bank of one question with a word of its own into WORK, runs quarry-index
--add on it and polls /api/search (verbatim, every 5 ms, at most 30 s) until
that word is found; then --remove, until it is gone. Prints one JSON object:
medians and worsts of the index run alone and of the whole add-to-answer.

With --watch, quarry-serve watches a copy of the folder BANKS (in WORK)
instead, and each round saves a new question into one of its files: the
time from the save to the answer is measured."""
import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time


def found(port, word):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", f"/api/search?log=0&verbatim=1&q={word}")
    res = conn.getresponse()
    body = json.loads(res.read())
    conn.close()
    return res.status == 200 and any(word in hit["text"] for hit in body["hits"])


def until(predicate, limit=30.0):
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > limit:
            raise SystemExit("live_update: the server never answered with the change")
        time.sleep(0.005)


def timed(command):
    started = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def summary(values):
    return {"median": round(statistics.median(values), 4), "max": round(max(values), 4)}


def start(command):
    serve = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return serve, int(re.search(r":(\d+)$", serve.stdout.readline().strip()).group(1))


def watch(args):
    """Save-to-answer under quarry-serve --watch, on a copy of args.watch."""
    folder = os.path.join(args.work, "watched")
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(args.watch, folder)
    serve, port = start([args.serve, "--db", os.path.join(args.work, "watched-index"), "--watch", folder,
                         "--host", "127.0.0.1", "--port", "0", "--log-format", "off"])
    try:
        saves = []
        for n in range(args.rounds):
            word = "zqsave" + "abcdefghij"[n % 10] * (n + 1)
            started = time.monotonic()
            with open(os.path.join(folder, "saved.md"), "w") as f:
                f.write(f"# Saved\n\n## Round {n}\n1. What is the {word} protocol?\n")
            until(lambda: found(port, word))
            saves.append(time.monotonic() - started)
        print(json.dumps({"save_answer": summary(saves), "rounds": args.rounds}))
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    return 0


def main():
    parser = argparse.ArgumentParser()
    for name in ("serve", "work"):
        parser.add_argument("--" + name, required=True)
    for name in ("index", "db", "watch"):
        parser.add_argument("--" + name)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    if args.watch:
        return watch(args)
    if not args.index or not args.db:
        parser.error("--index and --db, or --watch")
    serve, port = start([args.serve, "--db", args.db, "--host", "127.0.0.1", "--port", "0", "--log-format", "off"])
    try:
        runs = {"add_index": [], "add_answer": [], "remove_index": [], "remove_answer": []}
        for n in range(args.rounds):
            word = "zqlive" + "abcdefghij"[n % 10] * (n + 1)
            bank = os.path.join(args.work, f"live-{n}.jsonl")
            with open(bank, "w") as f:
                f.write(json.dumps({"id": f"live-{n}", "text": f"What is the {word} protocol?"}) + "\n")
            started = time.monotonic()
            runs["add_index"].append(timed([args.index, "--db", args.db, "-q", "--add", bank]))
            until(lambda: found(port, word))
            runs["add_answer"].append(time.monotonic() - started)
            started = time.monotonic()
            runs["remove_index"].append(timed([args.index, "--db", args.db, "-q", "--remove", f"live-{n}"]))
            until(lambda: not found(port, word))
            runs["remove_answer"].append(time.monotonic() - started)
        result = {name: summary(values) for name, values in runs.items()}
        result["rounds"] = args.rounds
        print(json.dumps(result))
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
