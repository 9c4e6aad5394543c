#!/usr/bin/env python3
"""Times an LSP server's completion at one position, over stdio.

The baseline half of scripts/bench-compare: it starts the server (gopls),
initializes it, opens FILE with PREFIX inserted as a new line before LINE,
and asks for completion right after PREFIX. The first request is answered
only once the server has loaded and type-checked the package, so "first
call" is spawn to first answer, the editor's experience after opening a
file. Then it repeats the same request (warm, unchanged text) and, if asked,
the same request after an edit elsewhere in the file (a new snapshot each
time, as while typing). Prints one JSON object, raw samples included;
latencies in milliseconds.

Standard library only.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


class Server:
    """A JSON-RPC connection over a child's stdin/stdout with Content-Length framing."""

    def __init__(self, argv, cwd, env):
        self.proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 1

    def send(self, msg):
        body = json.dumps(msg, separators=(",", ":")).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("server closed its output (exit code %s)" % self.proc.poll())
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        if length is None:
            raise RuntimeError("frame without Content-Length")
        return json.loads(self.proc.stdout.read(length))

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        """Sends a request and returns its result, answering the server's own
        requests while waiting."""
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            msg = self.read()
            if "method" in msg and "id" in msg:
                self.answer(msg)
            elif msg.get("id") == rid and "method" not in msg:
                if "error" in msg:
                    raise RuntimeError("%s failed: %s" % (method, msg["error"]))
                return msg.get("result")

    def answer(self, msg):
        result = None
        if msg["method"] == "workspace/configuration":
            result = [{} for _ in msg["params"].get("items", [])]
        self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()


def pct(values, p):
    s = sorted(values)
    return s[round((len(s) - 1) * p)]


def summary(ms):
    return {"n": len(ms), "p50_ms": pct(ms, 0.5), "p99_ms": pct(ms, 0.99), "max_ms": max(ms)}


def labels(result):
    items = result.get("items", []) if isinstance(result, dict) else (result or [])
    return [i["label"] for i in items]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--server", required=True, help="the server binary (gopls)")
    ap.add_argument("--file", required=True, type=Path)
    ap.add_argument("--line", required=True, type=int, help="1-based line PREFIX is inserted before")
    ap.add_argument("--indent", default="", help="the line's indentation (\\t for tabs)")
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--warm", type=int, default=200, help="warm requests on unchanged text")
    ap.add_argument("--edits", type=int, default=50, help="requests each after an edit")
    args = ap.parse_args()

    path = args.file.resolve()
    root = path.parent
    while not (root / "go.mod").exists() and root != root.parent:
        root = root.parent
    uri = path.as_uri()
    indent = args.indent.replace("\\t", "\t")
    lines = path.read_text().split("\n")
    lines.insert(args.line - 1, indent + args.prefix)
    text = "\n".join(lines)
    position = {"line": args.line - 1, "character": len(indent) + len(args.prefix)}
    completion = {"textDocument": {"uri": uri}, "position": position}

    t0 = time.perf_counter()
    server = Server([os.path.abspath(args.server) if os.sep in args.server else args.server], cwd=str(root), env=os.environ.copy())
    server.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "capabilities": {
                "textDocument": {"completion": {"completionItem": {"snippetSupport": False}}},
                "workspace": {"configuration": True, "workspaceFolders": True},
            },
        },
    )
    initialized_ms = (time.perf_counter() - t0) * 1e3
    server.notify("initialized", {})
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": text}})
    t1 = time.perf_counter()
    first = server.request("textDocument/completion", completion)
    t2 = time.perf_counter()
    first_labels = labels(first)

    warm = []
    for _ in range(args.warm):
        t = time.perf_counter()
        server.request("textDocument/completion", completion)
        warm.append((time.perf_counter() - t) * 1e3)

    edited = []
    for v in range(args.edits):
        # An edit after the cursor's line: same position, new snapshot.
        changed = text + "// edit %d\n" % v
        server.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": v + 2}, "contentChanges": [{"text": changed}]},
        )
        t = time.perf_counter()
        server.request("textDocument/completion", completion)
        edited.append((time.perf_counter() - t) * 1e3)
    server.close()

    out = {
        "initialize_ms": initialized_ms,
        "first_request_ms": (t2 - t1) * 1e3,
        "first_call_ms": (t2 - t0) * 1e3,
        "items": first_labels,
        "warm": summary(warm) if warm else None,
        "after_edit": summary(edited) if edited else None,
        "warm_samples": warm,
        "after_edit_samples": edited,
    }
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
