#!/usr/bin/env python3
"""Makes the fuzzers' seed corpora from the repository's own fixtures.

    tests/fuzz/make_seeds.py SOURCE_DIR OUT_DIR

writes OUT_DIR/<fuzzer>/<name> for each fuzzer of tests/fuzz, from the bank
fixtures (tests/indexer/data/shapes, tests/web/data, tests/searcher/data,
tests/browser/data), the shipped bank cut into its sections, the banks
written inline in the reader tests (their C string literals), the judged
queries (tests/data/eval*/queries.tsv) and the requests the server tests
send. Nothing is copied into the repository: OUT_DIR is made afresh.
"""

import glob
import hashlib
import os
import re
import shutil
import sys
import urllib.parse

MAX_READER_SEED = 4096  # the readers' -max_len in scripts/fuzz.sh


def read(path):
    with open(path, "rb") as f:
        return f.read()


class Seeds:
    """One fuzzer's seed folder; each seed named by its content's hash."""

    def __init__(self, out, fuzzer):
        self.dir = os.path.join(out, fuzzer)
        os.makedirs(self.dir)
        self.count = 0

    def add(self, data):
        if isinstance(data, str):
            data = data.encode()
        if not data:
            return
        name = hashlib.sha1(data).hexdigest()[:16]
        with open(os.path.join(self.dir, name), "wb") as f:
            f.write(data)
        self.count += 1


def fixtures(src, patterns):
    files = []
    for pattern in patterns:
        files += sorted(glob.glob(os.path.join(src, pattern), recursive=True))
    return [f for f in files if "node_modules" not in f]


def pieces(data, limit=MAX_READER_SEED):
    """`data` whole if short, else cut at line ends into pieces of at most `limit`."""
    if len(data) <= limit:
        return [data]
    out, piece = [], b""
    for line in data.splitlines(keepends=True):
        if piece and len(piece) + len(line) > limit:
            out.append(piece)
            piece = b""
        piece += line[:limit]
    return out + ([piece] if piece else [])


def markdown_sections(data):
    """A markdown bank cut before each '## ' heading, each piece led by the
    '# ' heading above it (so each is a bank of its own)."""
    out, part, piece = [], b"", b""
    for line in data.splitlines(keepends=True):
        if line.startswith(b"# "):
            part = line
        if line.startswith(b"## ") or line.startswith(b"# "):
            if piece.strip():
                out.append(piece)
            piece = part + b"\n" if line.startswith(b"## ") and part else b""
        piece += line
    if piece.strip():
        out.append(piece)
    return out


ESCAPES = {b"n": b"\n", b"t": b"\t", b"r": b"\r", b"0": b"\0", b"\\": b"\\", b'"': b'"', b"'": b"'"}


def unescape(literal):
    """The bytes of an ordinary C string literal's inside."""
    out, i = b"", 0
    while i < len(literal):
        c = literal[i:i + 1]
        if c != b"\\":
            out += c
            i += 1
            continue
        e = literal[i + 1:i + 2]
        if e == b"x":
            digits = re.match(rb"[0-9a-fA-F]{1,2}", literal[i + 2:]).group(0)
            out += bytes([int(digits, 16)])
            i += 2 + len(digits)
        else:
            out += ESCAPES.get(e, e)
            i += 2
    return out


TOKEN = re.compile(rb'''(?P<raw>R"(?P<delim>[^(\s]*)\((?P<body>.*?)\)(?P=delim)")
                     |"(?P<plain>(?:[^"\\\n]|\\.)*)"
                     |(?P<space>\s+|//[^\n]*|/\*.*?\*/)
                     |(?P<char>'(?:[^'\\\n]|\\.)*')
                     |(?P<other>.)''', re.S | re.X)


def string_runs(text):
    """Each run of adjacent C++ string literals (raw or not) of `text`, joined."""
    runs, run, in_run = [], b"", False
    for m in TOKEN.finditer(text):
        if m.group("raw") is not None or m.group("plain") is not None:
            run += m.group("body") if m.group("raw") is not None else unescape(m.group("plain"))
            in_run = True
        elif m.group("space") is None:
            if in_run:
                runs.append(run)
            run, in_run = b"", False
    return runs + ([run] if in_run else [])


def inline_banks(path):
    """The texts a test file writes inline that may be banks: several
    lines, or a JSON object."""
    return [t for t in string_runs(read(path)) if t.count(b"\n") >= 2 or t.lstrip().startswith(b"{")]


def reader_seeds(src, out):
    markdown = Seeds(out, "markdown_reader_fuzzer")
    for path in fixtures(src, ["tests/indexer/data/shapes/**/*.md", "tests/web/data/*.md",
                               "tests/searcher/data/*.md", "tests/browser/data/*.md", "corpus/README.md"]):
        for piece in pieces(read(path)):
            markdown.add(piece)
    for section in markdown_sections(read(os.path.join(src, "corpus/interview-questions.md"))):
        for piece in pieces(section):
            markdown.add(piece)
    for path in fixtures(src, ["tests/indexer/readers/markdown_*_test.cc", "tests/indexer/corpus_loader_test.cc"]):
        for text in inline_banks(path):
            markdown.add(text)

    jsonl = Seeds(out, "jsonl_reader_fuzzer")
    for path in fixtures(src, ["tests/**/*.jsonl"]):
        for piece in pieces(read(path)):
            jsonl.add(piece)
    for text in inline_banks(os.path.join(src, "tests/indexer/readers/jsonl_reader_test.cc")):
        jsonl.add(text)

    delimited = Seeds(out, "delimited_reader_fuzzer")
    for path in fixtures(src, ["tests/indexer/data/shapes/*.csv", "tests/indexer/data/shapes/*.tsv"]):
        delimited.add(read(path))
    for text in inline_banks(os.path.join(src, "tests/indexer/readers/delimited_reader_test.cc")):
        delimited.add(text)
    return [markdown, jsonl, delimited]


def bank_shape_seeds(src, out):
    """Folders of banks: "=== NAME\\n" before each file (bank_shape_fuzzer.cc)."""
    seeds = Seeds(out, "bank_shape_fuzzer")

    def folder(files):
        return b"".join(b"=== " + name.encode() + b"\n" + data for name, data in files)

    shapes = os.path.join(src, "tests/indexer/data/shapes")
    for path in fixtures(src, ["tests/indexer/data/shapes/*.*", "tests/searcher/data/*.jsonl"]):
        seeds.add(folder([(os.path.basename(path), pieces(read(path))[0])]))
    cards = fixtures(src, ["tests/indexer/data/shapes/one-per-file/*.md"])
    seeds.add(folder([("cards/" + os.path.basename(p), read(p)) for p in cards]))
    seeds.add(folder([("web/bank.md", read(os.path.join(src, "tests/web/data/bank.md"))),
                      ("web/more.md", read(os.path.join(src, "tests/web/data/more.md"))),
                      ("sheet.csv", read(os.path.join(shapes, "sheet-with-header.csv"))),
                      ("notes.tsv", read(os.path.join(shapes, "anki-notes.tsv"))),
                      ("terms.jsonl", read(os.path.join(src, "tests/searcher/data/terms.jsonl")))]))
    # Two banks whose sections slug alike: ids told apart by the bank's slug.
    seeds.add(folder([("a.md", b"# A\n## Basics\n1. What is a?\n"), ("b.md", b"# B\n## Basics\n1. What is b?\n")]))
    seeds.add(folder([("synonyms.txt", read(os.path.join(src, "tests/searcher/data/synonyms.txt"))),
                      ("bank.md", read(os.path.join(src, "tests/searcher/data/bank.md")))]))
    return [seeds]


def queries(src):
    out = []
    for path in fixtures(src, ["tests/data/eval/queries.tsv", "tests/data/eval-holdout/queries.tsv"]):
        for line in read(path).decode().splitlines():
            cols = line.split("\t")
            if len(cols) >= 2 and not line.startswith("#"):
                out.append(cols[1])
    return out


# Request fields the query fuzzer takes (query_fuzzer.cc), a few per seed.
QUERY_FIELDS = ["", "\nlimit=3", "\nsection=Python Core", "\noffset=2\nlimit=5", "\nverbatim",
                "\ncollapse\nexplain", "\ndisk", "\nliteral", "\ntopic=Security\ntype=comparison",
                "\npart=Python\nsection=python-core\nsection=mysql-indexes", "\nenough=1", "\nrelated=20",
                "\nbank=answers\nexplain", "\noffset=400"]

# The same, as /api/search parameters (search_params_fuzzer.cc).
PARAM_FIELDS = ["", "&limit=3", "&section=Python+Core", "&offset=2&limit=5", "&verbatim=1", "&collapse=1",
                "&limit=0", "&limit=101", "&offset=1000001", "&enough=0", "&verbatim=yes", "&bank=a&bank=",
                "&limit=007", "&limit=+5", "&topic=Security&type=comparison&part=Python"]


def query_seeds(src, out):
    seeds = Seeds(out, "query_fuzzer")
    typed = queries(src)
    for i, q in enumerate(typed):
        seeds.add(q + QUERY_FIELDS[i % len(QUERY_FIELDS)])
    for extra in ["", "\"global interpreter\" -django", "-python", "\"\"", "c++ vs python?",
                  "select_rel", "djnago orm", "what is"]:
        seeds.add(extra + "\nexplain")

    params = Seeds(out, "search_params_fuzzer")
    for i, q in enumerate(typed):
        params.add("GET /api/search?q=" + urllib.parse.quote_plus(q) + PARAM_FIELDS[i % len(PARAM_FIELDS)] +
                   " HTTP/1.1\n")
    for path in fixtures(src, ["tests/web/*.cc"]):
        for target in set(re.findall(r'"(/api/(?:search|questions/[^"?]*)\?[^"]*)"', read(path).decode())):
            params.add("GET " + target + " HTTP/1.1\nHost: 127.0.0.1\n")
    for head in ["POST /api/search?q=x HTTP/1.1\nContent-Length: 3\n",
                 "GET /api/search?q=x HTTP/1.1\nTransfer-Encoding: chunked\n",
                 "GET /api/search?q=x HTTP/1.1\nContent-Length: 0\ncontent-length: 0\n",
                 "HEAD /api/search?q=%FF%00&limit=%31 HTTP/1.1\nContent-Length: 0\n",
                 "DELETE /api/questions/a/1 HTTP/1.1\n"]:
        params.add(head)
    return [seeds, params]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make_seeds.py SOURCE_DIR OUT_DIR")
    src, out = sys.argv[1], sys.argv[2]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    made = reader_seeds(src, out) + bank_shape_seeds(src, out) + query_seeds(src, out)
    for seeds in made:
        print(f"  {os.path.basename(seeds.dir)}: {len(os.listdir(seeds.dir))} seeds")


if __name__ == "__main__":
    main()
