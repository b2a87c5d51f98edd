"""What the Python tests of quarry-serve share: their arguments, a fresh
index of the corpus, a started server, GET, and an ok/FAIL line per check.

  args, db = served_index.fresh_index()  # --serve --index --corpus --work
  serve, port = served_index.start(args, db)
"""
import argparse
import http.client
import os
import re
import shutil
import subprocess

failures = []


def check(what, ok, detail=""):
    """Prints the check's line; a failed one is counted in `failures`."""
    print(f"{'ok  ' if ok else 'FAIL'} {what}{'' if ok or not detail else ': ' + detail}")
    if not ok:
        failures.append(what)


def fresh_index():
    """The arguments, and an index of --corpus built in an emptied --work."""
    parser = argparse.ArgumentParser()
    for name in ("serve", "index", "corpus", "work"):
        parser.add_argument("--" + name, required=True)
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    db = os.path.join(args.work, "index")
    subprocess.run([args.index, "--db", db, args.corpus], check=True, stdout=subprocess.DEVNULL)
    return args, db


def start(args, db, extra=()):
    """quarry-serve on a free port with no access log (and `extra`
    arguments), and that port."""
    serve = subprocess.Popen([args.serve, "--db", db, "--port", "0", "--log-format", "off", *extra],
                             stdout=subprocess.PIPE, text=True)
    return serve, int(re.search(r":(\d+)$", serve.stdout.readline().strip()).group(1))


def get(port, path):
    """Status, Content-Type and body of GET `path`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    res = conn.getresponse()
    body = res.read()
    conn.close()
    return res.status, res.getheader("Content-Type") or "", body
