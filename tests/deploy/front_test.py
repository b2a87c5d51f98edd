#!/usr/bin/env python3
"""The hostile-input table of issue 13, on the setup the README runs.

nginx with deploy/nginx/quarry.conf (started by scripts/front.sh, as
`make serve` does) in front of quarry-serve, both on 127.0.0.1. Each row of
the table is sent as raw bytes or as a client would, its answer and timing
checked against the requirement, and both servers' health and memory
checked after every row. Prints one line per row and exits 1 if any fails.

  front_test.py --serve BIN --index BIN --corpus DIR --work DIR [--stress] [--seed N]

--no-front sends the same table to quarry-serve alone, to compare.
--stress runs the long version (make stress): more slow sockets for
longer, a 60 s wrk run, and 200,000 requests of a mixed load (10% hostile)
with the server's memory from the 20,000th to the last. Random choices
come from --seed (printed); the same seed reruns the same case.
"""
import argparse
import gzip
import http.client
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
failures = []


def report(name, measured, required, ok):
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {measured} (required: {required})", flush=True)
    if not ok:
        failures.append(name)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return out


class Stack:
    """quarry-serve on a free port behind a private nginx on another."""

    def __init__(self, args, db):
        self.args = args
        self.db = db
        self.serve = subprocess.Popen([args.serve, "--db", db, "--host", "127.0.0.1", "--port", "0", "--log-format", "off"],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.serve.stdout.readline()
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if not m:
            raise SystemExit(f"quarry-serve did not start: {line!r} {self.serve.stderr.read()}")
        self.backend = int(m.group(1))
        self.front = None
        if args.no_front:
            self.port = self.backend
            return
        self.port = free_port()
        self.front_dir = os.path.join(args.work, "front")
        self.front = subprocess.Popen([os.path.join(ROOT, "scripts/front.sh"), "run",
                                       f"127.0.0.1:{self.port}", f"127.0.0.1:{self.backend}",
                                       self.front_dir], stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.front.poll() is not None:
                raise SystemExit(f"nginx did not start: {self.front.stderr.read()}")
            try:
                if get(self.port, "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("nginx did not answer /healthz within 10 s")

    def rss(self):
        """Resident kilobytes of quarry-serve, and of nginx's processes."""
        if self.front is None:
            return rss_kb(self.serve.pid), 0
        return rss_kb(self.serve.pid), rss_kb(self.front.pid) + sum(rss_kb(c) for c in children(self.front.pid))

    def processes(self):
        return [p for p in (self.front, self.serve) if p is not None]

    def alive(self):
        return all(p.poll() is None for p in self.processes())

    def stop(self):
        for p in self.processes():
            if p.poll() is None:
                p.send_signal(15)
        for p in self.processes():
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()


def get(port, path, conn=None, headers=None):
    """(status, body bytes, ms) of GET path, on `conn` if given."""
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    start = time.perf_counter()
    conn.request("GET", path, headers=headers or {})
    res = conn.getresponse()
    body = res.read()
    ms = (time.perf_counter() - start) * 1000
    if own:
        conn.close()
    return res.status, body, ms


def exchange(port, data, timeout=5.0, body_after=None):
    """Sends raw bytes; returns (status line, ms to first byte, answer bytes).
    With body_after, those bytes are sent only after the answer arrived
    (a body never read before the answer)."""
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(timeout)
    start = time.perf_counter()
    first = None
    out = b""
    try:
        s.sendall(data)
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            if first is None:
                first = (time.perf_counter() - start) * 1000
                if body_after:
                    try:
                        s.sendall(body_after)
                    except OSError:
                        pass
            out += chunk
            head, sep, body = out.partition(b"\r\n\r\n")
            m = re.search(rb"content-length: *(\d+)", head, re.I)
            if sep and m and len(body) >= int(m.group(1)):
                break
    except (socket.timeout, OSError):
        pass
    finally:
        s.close()
    return out.split(b"\r\n", 1)[0].decode("latin-1"), first, out


def json_error(out):
    """True when the answer's body is a JSON object with an "error"."""
    body = out.partition(b"\r\n\r\n")[2]
    try:
        return "error" in json.loads(body)
    except ValueError:
        return False


def healthy(stack):
    try:
        return stack.alive() and get(stack.port, "/healthz")[0] == 200
    except OSError:
        return False


def check_health(stack, row):
    if not healthy(stack):
        report(f"{row}: servers still healthy", "no", "/healthz 200 after the row", False)


# --- the rows of the table -------------------------------------------------

def row_ranges(stack):
    many = ",".join(["0-"] * 2600)
    for path in ("/api/search?q=gil", "/", "/static/app.js"):
        plain = get(stack.port, path)[1]
        status, body, _ = get(stack.port, path, headers={"Range": "bytes=" + many})
        report(f"2,600 ranges on {path}", f"{status}, {len(body)} bytes (plain {len(plain)})",
               "the whole answer once, or 416", (status == 200 and len(body) == len(plain)) or status == 416)


def row_methods(stack):
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        for label, head in (("chunked with no end", "Transfer-Encoding: chunked\r\n"),
                            ("Content-Length: 1 GiB", "Content-Length: 1073741824\r\n")):
            request = f"{method} /api/search HTTP/1.1\r\nHost: a\r\n{head}\r\n".encode()
            line, first, out = exchange(stack.port, request, body_after=b"x" * 65536)
            ok = " 405 " in line + " " and first is not None and first < 200 and json_error(out)
            report(f"{method} {label}", f"{line!r} after {first and round(first, 1)} ms, body unsent",
                   "405 JSON before a byte of the body", ok)


def row_gzip(stack):
    packed = gzip.compress(b"\0" * (60 << 20), 9)
    for method in ("POST", "GET"):
        request = (f"{method} /api/search?q=gil HTTP/1.1\r\nHost: a\r\nContent-Encoding: gzip\r\n"
                   f"Content-Length: {len(packed)}\r\n\r\n").encode()
        before = sum(stack.rss())
        line, first, out = exchange(stack.port, request, body_after=packed)
        grew = (sum(stack.rss()) - before) / 1024
        want = "405" if method == "POST" else "400"
        report(f"{method} of a {len(packed) >> 10} KB gzip body (60 MiB inflated)",
               f"{line!r} after {first and round(first, 1)} ms, RSS {grew:+.1f} MB",
               f"{want} before inflating", f" {want} " in line + " " and grew < 5)


def row_slowloris(stack, sockets, seconds, seed):
    """`sockets` connections each sending one header line every 2 s (and
    reconnecting when closed) while a client measures normal requests."""
    rng = random.Random(seed)
    stop = time.time() + seconds
    opened = [0]

    def slow():
        while time.time() < stop:
            try:
                s = socket.create_connection(("127.0.0.1", stack.port))
                opened[0] += 1
                s.sendall(b"GET /api/search?q=gil HTTP/1.1\r\nHost: a\r\n")
                while time.time() < stop:
                    time.sleep(2 + rng.random() * 0.1)
                    s.sendall(b"X-Slow: %d\r\n" % rng.randrange(1 << 30))
            except OSError:
                pass
            finally:
                s.close()

    threads = [threading.Thread(target=slow, daemon=True) for _ in range(sockets)]
    for t in threads:
        t.start()
    time.sleep(1)
    times, errors = [], 0
    conn = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=5)
    while time.time() < stop - 0.5:
        try:
            status, _, ms = get(stack.port, "/api/search?q=" + rng.choice(["django", "gil", "mysql+index", "rest+api"]), conn)
            times.append(ms)
            errors += status != 200
        except OSError:
            errors += 1
            conn = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=5)
        time.sleep(0.02)
    for t in threads:
        t.join(5)
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] if times else float("inf")
    report(f"{sockets} slowloris sockets for {seconds} s ({opened[0]} connections)",
           f"{len(times)} normal requests, p99 {p99:.1f} ms, {errors} failed",
           "p99 < 200 ms, none failed", p99 < 200 and errors == 0 and len(times) > 10)


def row_huge_header(stack):
    before = stack.rss()
    s = socket.create_connection(("127.0.0.1", stack.port))
    s.settimeout(5)
    sent = 0
    peak = 0
    line = b""
    try:
        s.sendall(b"GET / HTTP/1.1\r\nX-Huge: ")
        block = b"a" * (1 << 20)
        for _ in range(50):
            s.sendall(block)
            sent += len(block)
            peak = max(peak, sum(stack.rss()))
    except OSError:
        pass
    try:
        line = s.recv(4096).split(b"\r\n", 1)[0]
    except OSError:
        pass
    s.close()
    time.sleep(0.5)
    after = stack.rss()
    grew = (peak - sum(before)) / 1024
    report("a 50 MiB header line with no CRLF",
           f"{line.decode('latin-1')!r} after {sent >> 20} MiB sent, peak RSS {grew:+.1f} MB, "
           f"after {(sum(after) - sum(before)) / 1024:+.1f} MB",
           "refused, bounded, memory returns", grew < 16 and sum(after) < sum(before) * 1.1 + 2048)


def row_request_lines(stack):
    cases = [
        ("7.8 KB query string", f"GET /api/search?q={'x' * 7800} HTTP/1.1\r\nHost: a\r\n\r\n", ("400", "414")),
        ("60 KB query string", f"GET /api/search?q={'x' * 60000} HTTP/1.1\r\nHost: a\r\n\r\n", ("414",)),
        ("bare-LF request", "GET /api/search?q=gil HTTP/1.1\nHost: a\n\n", ("200", "400")),
        ("garbage request line", "\x01\x02\xff garbage\r\n\r\n", ("400",)),
        ("GET with a body", "GET /api/search?q=gil HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello", ("400",)),
        ("Content-Length + Transfer-Encoding",
         "GET /api/search?q=gil HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
         ("400",)),
        ("two Content-Lengths",
         "GET /api/search?q=gil HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n", ("400",)),
        ("200 header lines", "GET / HTTP/1.1\r\nHost: a\r\n" + "X-A: b\r\n" * 200 + "\r\n", ("200", "400", "431")),
        ("1,000 header lines of 60 bytes", "GET / HTTP/1.1\r\nHost: a\r\n" + ("X-A: " + "b" * 53 + "\r\n") * 1000 + "\r\n",
         ("400", "431")),
    ]
    for name, request, allowed in cases:
        line, first, out = exchange(stack.port, request.encode("latin-1"))
        status = line.split(" ")[1] if line.count(" ") >= 1 else ""
        body_ok = status == "200" or json_error(out)
        report(name, f"{line[:40]!r} after {first and round(first, 1)} ms",
               f"{'/'.join(allowed)} (JSON) at once",
               status in allowed and first is not None and first < 200 and body_ok)


def row_hostile_queries(stack):
    """Queries no one should send: every answer JSON, none 5xx."""
    queries = ["%FF%FE", "caf%E9", "%00", "a%00b", "%22unbalanced", "%22%22%22", "-", "*", "**", "a*",
               "AND", "OR%20NOT", "NOT%20NOT%20NOT", "(((((", ")))", "%3Cscript%3Ealert(1)%3C/script%3E",
               "%3Cimg%20src=x%20onerror=alert(1)%3E", "*" * 500, "a*%20" * 150, "x" * 1024,
               "%E2%80%AE%E2%80%8B", "%F0%9F%98%80" * 100, "title:", "near:a", "~" * 50, "%2F%2F%2F"]
    worst = ""
    for q in queries:
        status, body, _ = get(stack.port, "/api/search?q=" + q)
        try:
            json.loads(body)
            ok = status < 500
        except ValueError:
            ok = False
        if not ok:
            worst = f"{q[:40]} -> {status}"
            break
    report(f"{len(queries)} hostile queries (operators alone, quotes, wildcards, bad UTF-8, NUL, HTML)",
           worst or "every answer JSON, no 5xx", "JSON, < 500", not worst)


def row_rebuilds(stack, args, rebuilds):
    """RSS of quarry-serve over `rebuilds` rebuilds while a client searches."""
    stop = threading.Event()
    failed = [0]

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=10)
        rng = random.Random(args.seed)
        while not stop.is_set():
            try:
                failed[0] += get(stack.port, f"/api/search?q={rng.choice(['django+orm', 'gil', 'index'])}&limit={rng.randrange(1, 30)}", conn)[0] != 200
            except OSError:
                failed[0] += 1
                conn = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=10)

    t = threading.Thread(target=client)
    t.start()
    sizes = []
    try:
        for _ in range(rebuilds):
            subprocess.run([args.index, "--db", stack.db, args.corpus], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(0.4)  # the server picks a generation up within ~0.2 s
            sizes.append(stack.rss()[0])
    finally:
        stop.set()
        t.join()
    first, last = sizes[0], max(sizes[1:])
    report(f"quarry-serve RSS over {rebuilds} rebuilds while serving",
           f"{first >> 10} MB after the first, at most {last >> 10} MB after ({last / first:.2f}x), {failed[0]} failed requests",
           "within 1.2x after the first rebuild, none failed", last <= first * 1.2 and failed[0] == 0)


def warm(stack, n=300):
    conn = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=10)
    for i in range(n):
        get(stack.port, f"/api/search?q={['django', 'gil', 'mysql', 'rest', 'python+list'][i % 5]}&offset={i % 7}", conn)
    get(stack.port, "/")


def stress_wrk(stack):
    if not shutil.which("wrk"):
        report("60 s wrk run", "wrk is not installed", "0 non-2xx, 0 socket errors", False)
        return
    script = os.path.join(stack.args.work, "queries.lua")
    with open(script, "w") as f:
        f.write('local q = {"django", "gil", "mysql+index", "rest+api", "list+comprehension", "decorator", "orm"}\n'
                'local i = 0\nrequest = function() i = i + 1\n'
                '  return wrk.format("GET", "/api/search?q=" .. q[i % #q + 1] .. "&offset=" .. (i % 50)) end\n')
    out = subprocess.run(["wrk", "-t2", "-c64", "-d60s", "-s", script, f"http://127.0.0.1:{stack.port}/"],
                         capture_output=True, text=True).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    requests = re.search(r"(\d+) requests in", out)
    report("60 s wrk run, 64 connections", f"{requests and requests.group(1)} requests, "
           f"non-2xx {non2xx.group(1) if non2xx else 0}, socket errors: {errors.group(1) if errors else 'none'}",
           "0 non-2xx, 0 socket errors", requests is not None and not non2xx and not errors)


def stress_mixed(stack, total, seed):
    """`total` requests, one in ten hostile; quarry-serve's and nginx's RSS
    at the 20,000th and the last."""
    rng = random.Random(seed)
    hostile = [b"POST /api/search HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n",
               b"GET /api/search?q=%FF%FE HTTP/1.1\r\nHost: a\r\n\r\n",
               b"GET / HTTP/1.1\r\nRange: bytes=" + b",".join([b"0-"] * 500) + b"\r\nHost: a\r\n\r\n",
               b"\x01garbage\r\n\r\n",
               b"GET /api/search?q=" + b"y" * 9000 + b" HTTP/1.1\r\n\r\n",
               b"GET /api/questions/%00/related HTTP/1.1\r\nHost: a\r\n\r\n"]
    words = ["django", "gil", "mysql", "index", "rest", "api", "list", "decorator", "orm", "thread", "zzyzx", "pyhton"]
    marks = {}
    done = [0]
    lock = threading.Lock()

    def worker(k):
        r = random.Random(seed * 31 + k)
        conn = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=10)
        while True:
            with lock:
                if done[0] >= total:
                    return
                done[0] += 1
                n = done[0]
                if n % 20000 == 0 or n == total:
                    marks[n] = stack.rss()
            if r.random() < 0.1:
                exchange(stack.port, r.choice(hostile), timeout=2)
            else:
                q = "+".join(r.choice(words) for _ in range(r.randrange(1, 4)))
                try:
                    get(stack.port, f"/api/search?q={q}&offset={r.randrange(0, 40)}", conn)
                except OSError:
                    conn = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=10)

    start = time.time()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    curve = ", ".join(f"{n // 1000}k: {s >> 10}+{f >> 10}" for n, (s, f) in sorted(marks.items()))
    print(f"  RSS of quarry-serve+nginx in MB, by requests done: {curve}", flush=True)
    a, b = sum(marks.get(20000, (0, 0))), sum(marks.get(total, (0, 0)))
    growth = (b - a) / a * 100 if a else float("inf")
    report(f"{total} mixed requests (10% hostile) in {time.time() - start:.0f} s",
           f"RSS {a >> 10} MB at the 20,000th, {b >> 10} MB at the last ({growth:+.1f}%)",
           "growth < 5%", growth < 5)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--serve", required=True)
    parser.add_argument("--index", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--stress", action="store_true")
    parser.add_argument("--no-front", action="store_true",
                        help="send the table to quarry-serve itself, without nginx (to compare)")
    parser.add_argument("--mixed-only", type=int, metavar="N",
                        help="only N requests of the mixed load, printing RSS every 20,000 (to study growth)")
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    args = parser.parse_args()
    print(f"front_test: seed {args.seed} (--seed {args.seed} reruns it)", flush=True)
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    db = os.path.join(args.work, "index")
    subprocess.run([args.index, "--db", db, args.corpus], check=True, stdout=subprocess.DEVNULL)
    stack = Stack(args, db)
    try:
        if args.mixed_only:
            warm(stack)
            stress_mixed(stack, args.mixed_only, args.seed)
            return 1 if failures else 0
        warm(stack)
        before = stack.rss()
        rows = [row_ranges, row_methods, row_gzip, row_huge_header, row_request_lines, row_hostile_queries,
                lambda s: row_slowloris(s, 256 if args.stress else 64, 30 if args.stress else 8, args.seed)]
        for row in rows:
            row(stack)
            check_health(stack, getattr(row, "__name__", "row"))
        warm(stack)
        after = stack.rss()
        report("RSS after the abuse above", f"quarry-serve {before[0] >> 10} -> {after[0] >> 10} MB, "
               f"nginx {before[1] >> 10} -> {after[1] >> 10} MB", "within 1.5x of before",
               after[0] <= before[0] * 1.5 and after[1] <= max(before[1] * 1.5, 1))
        row_rebuilds(stack, args, 20)
        if args.stress:
            stress_wrk(stack)
            stress_mixed(stack, 200000, args.seed)
        check_health(stack, "end")
    finally:
        stack.stop()
    print(f"front_test: {len(failures)} failed" + (f": {', '.join(failures)}" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
