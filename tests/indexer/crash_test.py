#!/usr/bin/env python3
"""quarry-index killed or failing mid-build never harms the served index.

Two parts, both against a quarry-serve that serves the index throughout:
  kill -9: a build of a generated bank is killed at a random moment, --kills
           times; after each, xapian-check finds the current generation
           clean and the server answers the old or the new count, never
           another.
  writes:  the same build with every file write after the Nth failing
           (an LD_PRELOAD shim: ENOSPC, then EIO), for N across the whole
           build; each fails with exit 1 and a message naming the error,
           the old generation still current, clean and served, and no
           half-written generation left behind.

  crash_test.py --index BIN --serve BIN --shim SO --corpus DIR --work DIR
                [--kills N] [--seed N]

Random choices come from --seed (printed); the same seed reruns the same kills.
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import urllib.request

failures = []


def report(name, measured, required, ok):
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {measured} (required: {required})", flush=True)
    if not ok:
        failures.append(name)


def generate_bank(path, questions, seed):
    """A JSON Lines bank of `questions` questions made of the seed bank's
    words, large enough that a build takes a second or more."""
    rng = random.Random(seed)
    words = ["python", "django", "model", "query", "index", "thread", "process", "memory", "cache",
             "request", "response", "session", "middleware", "serializer", "view", "template", "queryset",
             "transaction", "lock", "join", "decorator", "generator", "iterator", "closure", "class",
             "method", "inheritance", "exception", "list", "dict", "tuple", "set", "string", "file"]
    with open(path, "w") as f:
        for i in range(questions):
            text = " ".join(rng.choice(words) for _ in range(rng.randrange(4, 12)))
            body = " ".join(rng.choice(words) for _ in range(rng.randrange(10, 60)))
            f.write(json.dumps({"id": f"g{i}", "text": f"What is {text}?", "body": body,
                                "section": rng.choice(words).title()}) + "\n")


def current_generation(db):
    with open(os.path.join(db, "XAPIANDB")) as f:
        return os.path.join(db, f.read().split()[1])


def xapian_check(db):
    """True when xapian-check finds the current generation clean."""
    out = subprocess.run(["xapian-check", current_generation(db)], capture_output=True, text=True)
    return out.returncode == 0 and "No errors found" in out.stdout, out.stdout[-200:] + out.stderr[-200:]


def served_count(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as res:
        return json.load(res)["questions"]


def wait_for_count(port, wanted, seconds=3):
    deadline = time.time() + seconds
    count = served_count(port)
    while count not in wanted and time.time() < deadline:
        time.sleep(0.05)
        count = served_count(port)
    return count


def index(args, db, bank, env=None):
    return subprocess.run([args.index, "--db", db, bank], capture_output=True, text=True, env=env)


def kills(args, db, banks, counts, port, rng):
    durations = []
    for bank in banks:
        start = time.time()
        index(args, db, bank)
        durations.append(time.time() - start)
    index(args, db, banks[0])
    survived, finished = 0, 0
    for run in range(args.kills):
        bank = banks[run % 2]
        before = served_count(port)
        delay = rng.uniform(0, max(durations) * 1.1)
        proc = subprocess.Popen([args.index, "--db", db, bank], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.kill()
        finished += proc.wait() == 0
        clean, detail = xapian_check(db)
        after = wait_for_count(port, {before, counts[run % 2]})
        ok = clean and after in (before, counts[run % 2])
        survived += ok
        if not ok:
            print(f"  kill {run} after {delay:.3f} s: check {'clean' if clean else 'NOT clean: ' + detail}, "
                  f"served {after} (old {before}, new {counts[run % 2]})")
    report(f"kill -9 at random moments, {args.kills} runs ({finished} finished first)",
           f"{survived}/{args.kills} survived", "every one: xapian-check clean, old or new count", survived == args.kills)


def failing_writes(args, db, bank, count, port):
    """Every write after the Nth fails, for N from 0 past the build's last."""
    results = []
    n, step = 0, 1
    succeeded = False
    while not succeeded and n < 100000:
        for code in ("ENOSPC", "EIO"):
            before_gen = current_generation(db)
            env = dict(os.environ, LD_PRELOAD=args.shim, QUARRY_FAIL_WRITES_AFTER=str(n),
                       QUARRY_FAIL_WRITES_ERRNO=code)
            out = index(args, db, bank, env)
            # A build that failed inside Xapian's commit may leave its
            # half-written generation; the next build must remove it.
            leftovers = sorted(set(os.listdir(db)) - {"XAPIANDB", ".lock", os.path.basename(current_generation(db)),
                                                     os.path.basename(before_gen)})
            newer = [g for g in leftovers if int(g.split("-")[1]) > int(before_gen.rsplit("-", 1)[1])]
            leftovers = [g for g in leftovers if g not in newer[:1]] if out.returncode != 0 else leftovers
            clean, _ = xapian_check(db)
            served = served_count(port)
            if out.returncode == 0:
                succeeded = True
                ok = clean and not leftovers
            else:
                # Xapian names the errno for most writes, not for every one
                # (a failed create says only "Failed to create iamglass file").
                named = re.search(r"quarry-index: .*(Error|failed)", out.stderr)
                ok = (out.returncode == 1 and named and "index left unchanged" in out.stderr
                      and current_generation(db) == before_gen and clean and served == count and not leftovers)
            results.append(ok)
            if not ok:
                print(f"  fail after {n} writes ({code}): exit {out.returncode}, leftovers {leftovers}, "
                      f"clean {clean}, served {served}: {out.stderr.strip()[-300:]}")
        n += step
        step = 1 if n < 40 else 7
    report(f"writes failing after the Nth, N = 0..{n - step} (ENOSPC and EIO)",
           f"{sum(results)}/{len(results)} builds failed cleanly or succeeded whole",
           "exit 1 naming the error, the old index current, clean and served, nothing left over",
           all(results) and succeeded)


def main():
    parser = argparse.ArgumentParser()
    for name in ("index", "serve", "shim", "corpus", "work"):
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    args = parser.parse_args()
    print(f"crash_test: seed {args.seed} (--seed {args.seed} reruns it)", flush=True)
    rng = random.Random(args.seed)
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    big, small = os.path.join(args.work, "big.jsonl"), os.path.join(args.work, "small.jsonl")
    generate_bank(big, 6000, args.seed)
    generate_bank(small, 2500, args.seed + 1)
    db = os.path.join(args.work, "index")
    built = index(args, db, args.corpus)
    if built.returncode != 0:
        raise SystemExit(built.stderr)
    server = subprocess.Popen([args.serve, "--db", db, "--port", "0", "--log-format", "off"], stdout=subprocess.PIPE, text=True)
    port = int(re.search(r":(\d+)$", server.stdout.readline().strip()).group(1))
    try:
        seed_count = served_count(port)
        failing_writes(args, db, args.corpus, seed_count, port)
        kills(args, db, [big, small], [6000, 2500], port, rng)
        report("quarry-serve after it all", "running" if server.poll() is None else "stopped", "running",
               server.poll() is None)
    finally:
        server.terminate()
        server.wait(10)
    print(f"crash_test: {len(failures)} failed" + (f": {', '.join(failures)}" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
