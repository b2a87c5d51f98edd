#!/usr/bin/env python3
"""GET /metrics parses as Prometheus' text format (with prometheus_client's
own parser) and counts what the server really did.

quarry-serve is started on the shipped corpus; known requests are sent
(searches, one found nothing, one answered from the cache, a 404, a
question), then /metrics is read and every family checked against them.

  metrics_test.py --serve BIN --index BIN --corpus DIR --work DIR
"""
import re
import subprocess
import sys

from served_index import check, failures, fresh_index, get, start

try:
    from prometheus_client.parser import text_string_to_metric_families
except ImportError:
    sys.exit("metrics_test: needs python3-prometheus-client (scripts/install-deps.sh --check)")

def samples(text):
    """{(name, frozenset(labels)): value} and {family: type}."""
    values, types = {}, {}
    for family in text_string_to_metric_families(text):
        types[family.name] = family.type
        for s in family.samples:
            values[(s.name, frozenset(s.labels.items()))] = s.value
    return values, types


def main():
    args, db = fresh_index()
    serve, port = start(args, db)
    try:
        for path in ("/api/search?q=gil", "/api/search?q=gil", "/api/search?q=django",
                     "/api/search?q=zzqqxv", "/no/such/path", "/api/outline", "/healthz"):
            get(port, path)
        status, content_type, body = get(port, "/metrics")
        check("/metrics answers 200 in the text format",
              status == 200 and content_type.startswith("text/plain; version=0.0.4"))
        values, types = samples(body.decode())

        def value(name, **labels):
            return values.get((name, frozenset(labels.items())))

        check("requests counted by route and status",
              value("quarry_http_requests_total", route="/api/search", status="200") == 4 and
              value("quarry_http_requests_total", route="other", status="404") == 1 and
              value("quarry_http_requests_total", route="/api/outline", status="200") == 1 and
              value("quarry_http_requests_total", route="/healthz", status="200") == 1)
        check("requests_total is a counter, the latency a histogram",
              types.get("quarry_http_requests") == "counter" and
              types.get("quarry_http_request_duration_seconds") == "histogram")
        buckets = sorted(((float(dict(k[1])["le"]), v) for k, v in values.items()
                          if k[0] == "quarry_http_request_duration_seconds_bucket" and
                          dict(k[1])["route"] == "/api/search"))
        check("the latency buckets are cumulative and end at the count",
              buckets and all(a[1] <= b[1] for a, b in zip(buckets, buckets[1:])) and
              buckets[-1] == (float("inf"), 4) and
              value("quarry_http_request_duration_seconds_count", route="/api/search") == 4 and
              value("quarry_http_request_duration_seconds_sum", route="/api/search") > 0)
        check("cache: one hit (the second gil), three misses",
              value("quarry_cache_hits_total") == 1 and value("quarry_cache_misses_total") == 3)
        check("searches: three run, one found nothing",
              value("quarry_searches_total") == 3 and value("quarry_searches_no_hits_total") == 1)
        ready = get(port, "/readyz")[2].decode()
        generation = re.search(r'"generation":"([^"]+)"', ready).group(1)
        check("the index: up, its questions and generation",
              value("quarry_index_up") == 1 and value("quarry_index_questions") == 430 and
              value("quarry_index_generation_info", generation=generation) == 1)
        subprocess.run([args.index, "--db", db, "-q", args.corpus], check=True, stdout=subprocess.DEVNULL)
        get(port, "/api/search?q=gil")
        values, _ = samples(get(port, "/metrics")[2].decode())
        check("a rebuild counts a reload, no failure",
              value("quarry_index_reloads_total") >= 1 and value("quarry_index_reload_failures_total") == 0)
    finally:
        serve.terminate()
        serve.wait(10)
    print(f"metrics_test: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
