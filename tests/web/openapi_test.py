#!/usr/bin/env python3
"""GET /openapi.json describes what quarry-serve really answers.

The document is checked against the server both ways:
  - its paths are exactly the routes of web/server.cc's table (the names
    given to route(), read from the source);
  - every JSON answer of a documented route, for requests using each
    documented parameter (every facet, every count at its bounds, the
    flags), validates against the documented schema of its status
    (jsonschema, draft 2020-12, as OpenAPI 3.1 says; the schemas forbid
    fields they do not list and require those they do);
  - a documented bound crossed gives the documented 400, an unknown id the
    documented 404.

  openapi_test.py --serve BIN --index BIN --corpus DIR --work DIR
"""
import json
import os
import re
import sys
import urllib.parse

import served_index
from served_index import check, failures, fresh_index, start

try:
    import jsonschema
except ImportError:
    sys.exit("openapi_test: needs python3-jsonschema (scripts/install-deps.sh --check)")

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER_CC = os.path.join(HERE, "..", "..", "web", "server.cc")


def get(port, path):
    """Status, media type (no parameters) and body of GET `path`."""
    status, content_type, body = served_index.get(port, path)
    return status, content_type.split(";")[0], body


class Document:
    def __init__(self, doc):
        self.doc = doc

    def schema_of(self, route, status):
        """The JSON schema of `route`'s answer with `status`, or None."""
        response = self.doc["paths"][route]["get"]["responses"].get(str(status))
        if response is None:
            return None
        content = response.get("content", {})
        media = content.get("application/json")
        if media is None:
            return {"__media__": list(content)}
        # Resolved against the whole document, for its $refs.
        return {"$defs": {}, "allOf": [media["schema"]], "components": self.doc["components"]}

    def parameters(self, route):
        return self.doc["paths"][route]["get"].get("parameters", [])


def validate(doc, route, path, port):
    status, media, body = get(port, path)
    schema = doc.schema_of(route, status)
    if schema is None:
        check(f"{path}: status {status} is documented", False, body[:200].decode(errors="replace"))
        return status, None
    if "__media__" in schema:
        check(f"{path}: {status} is one of {schema['__media__']}", media in schema["__media__"], media)
        return status, None
    try:
        answer = json.loads(body)
    except ValueError as e:
        check(f"{path}: JSON", False, str(e))
        return status, None
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(answer), key=str)
    check(f"{path}: {status} matches its schema", not errors,
          "; ".join(f"{list(e.absolute_path)}: {e.message[:160]}" for e in errors[:3]))
    return status, answer


def main():
    args, db = fresh_index()
    serve, port = start(args, db)
    try:
        status, media, body = get(port, "/openapi.json")
        check("/openapi.json is served as JSON", status == 200 and media == "application/json")
        raw = json.loads(body)
        check("it is OpenAPI 3.1", raw.get("openapi", "").startswith("3.1"))
        doc = Document(raw)

        with open(SERVER_CC) as f:
            routes = set(re.findall(r'route\("([^"]+)",', f.read()))
        documented = set(raw["paths"])
        check("its paths are the server's routes", routes == documented,
              f"undocumented {sorted(routes - documented)}, not served {sorted(documented - routes)}")

        # A real id, and a real value of each facet, from the server itself.
        _, first = validate(doc, "/api/search", "/api/search?q=django&limit=1", port)
        hit = first["hits"][0] if first and first["hits"] else {}
        qid = urllib.parse.quote(hit.get("id", "x"), safe="/")
        for p in doc.parameters("/api/search"):
            name, schema = p["name"], p["schema"]
            if schema.get("type") == "array":
                value = (hit.get(name) or (hit.get("topics") or ["x"])[0]) if name != "bank" else hit.get("bank", "x")
                values = [urllib.parse.quote(str(value))]
            elif "enum" in schema:
                values = [str(v) for v in schema["enum"]]
            elif schema.get("type") == "integer":
                values = [str(schema["minimum"]), str(schema["maximum"])]
            else:
                values = ["gil", "dedlok", '"global interpreter"', ""]
            for v in values:
                query = f"{name}={urllib.parse.quote(v)}" if name == "q" else f"q=python&{name}={v}"
                validate(doc, "/api/search", "/api/search?" + query, port)
            if "maximum" in schema:
                status, _ = validate(doc, "/api/search", f"/api/search?{name}={schema['maximum'] + 1}", port)
                check(f"{name} past its maximum is a 400", status == 400)
            if "enum" in schema:
                status, _ = validate(doc, "/api/search", f"/api/search?{name}=2", port)
                check(f"{name} outside its values is a 400", status == 400)
        validate(doc, "/api/search", "/api/search?q=python&explain=1", port)
        status, _ = validate(doc, "/api/search", "/api/search?q=" + "x" * 1025, port)
        check("q past its maxLength is a 400", status == 400)
        validate(doc, "/api/outline", "/api/outline", port)
        validate(doc, "/api/questions/{id}", f"/api/questions/{qid}", port)
        status, _ = validate(doc, "/api/questions/{id}", "/api/questions/no/such", port)
        check("an unknown id is a 404", status == 404)
        for limit in ("1", "100"):
            validate(doc, "/api/questions/{id}/related", f"/api/questions/{qid}/related?limit={limit}", port)
        status, _ = validate(doc, "/api/questions/{id}/related", f"/api/questions/{qid}/related?limit=101", port)
        check("a related limit past 100 is a 400", status == 400)
        for route in ("/healthz", "/readyz", "/metrics", "/openapi.json", "/"):
            validate(doc, route, route, port)
        validate(doc, "/q/{id}", f"/q/{qid}", port)
        validate(doc, "/q/{id}", "/q/no/such", port)
        validate(doc, "/static/{file}", "/static/app.js", port)
        validate(doc, "/static/{file}", "/static/nothing.js", port)
        status, _ = validate(doc, "/api/stats", "/api/stats", port)
        check("/api/stats without --admin is a 404", status == 404)
    finally:
        serve.terminate()
        serve.wait(10)
    # /api/stats of an --admin server: with a query log, at its bounds, and
    # without one.
    log = os.path.join(args.work, "queries.jsonl")
    for extra in (["--admin", "--query-log", log], ["--admin"]):
        serve, port = start(args, db, extra)
        try:
            for q in ("gil", "kubernetesxyz", "celery retry storm"):
                served_index.get(port, "/api/search?q=" + urllib.parse.quote(q))
            served_index.get(port, f"/api/questions/{qid}")
            for p in doc.parameters("/api/stats"):
                name, schema = p["name"], p["schema"]
                for v in (schema["minimum"], schema["maximum"]):
                    status, _ = validate(doc, "/api/stats", f"/api/stats?{name}={v}", port)
                    check(f"/api/stats?{name}={v} is a 200", status == 200)
                status, _ = validate(doc, "/api/stats", f"/api/stats?{name}={schema['maximum'] + 1}", port)
                check(f"/api/stats: {name} past its maximum is a 400", status == 400)
            _, report = validate(doc, "/api/stats", "/api/stats", port)
            check(f"/api/stats {' '.join(extra)}: logging is {len(extra) > 1}",
                  report is not None and report["logging"] == (len(extra) > 1))
        finally:
            serve.terminate()
            serve.wait(10)
    print(f"openapi_test: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
