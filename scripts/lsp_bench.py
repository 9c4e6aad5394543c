#!/usr/bin/env python3
"""Times an LSP server's completion at one place, over stdio; asks Delve which answers evaluate.

`complete` (the default) starts the server (gopls or `dlvbridge lsp`),
initializes it, opens a document and asks for completion at one position;
"first call" is spawn to first answer, the editor's experience after
opening a document. Then it repeats the same request (warm, unchanged text)
and, if asked, the same request after an edit elsewhere (a new snapshot each
time, as while typing). An answer marked `isIncomplete` is asked again
until complete ("first complete"); items are counted in that answer. Cases:

  --case prefix     PREFIX inserted as a new line before LINE of FILE,
                    completion right after it (how gopls completes there)
  --case condition  a dlvbridge condition document
                    (go-breakpoint:///FILE?line=LINE&kind=condition) whose
                    text is PREFIX, completion at its end
  --case char0      FILE unchanged, completion at character 0 of LINE (how
                    VS Code's breakpoint box asks)

Prints one JSON object: latencies in milliseconds (raw samples included) and
the expression each item of the first answer would leave in the editor.

`evaluate` builds nothing: it runs PROGRAM under `dlv dap`, stops at
FILE:LINE and evaluates each expression of EXPRS (a JSON list) in that
frame, printing {"expression": true|false}: what Delve can evaluate there.

`load` times Delve's own load of PROGRAM: `dlv dap` started, `launch`
(exec, stopOnEntry) answered, when Delve has read the debug info; prints
{"load_ms", "peak_mib"} (dlv's peak resident set then).

Standard library only.
"""

import argparse
import json
import os
import re
import socket
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


def items_of(result):
    return result.get("items", []) if isinstance(result, dict) else (result or [])


def expressions(items, line_text, character):
    """The text each item would leave in place of what was typed: its edit
    applied to the line (or its insert text at the cursor), from the start of
    the edit to its end."""
    out = []
    for i in items:
        edit = i.get("textEdit")
        if edit:
            r = edit.get("range") or edit.get("replace")
            start = r["start"]["character"]
            new = edit["newText"]
            # What precedes the edit on the line belongs to the expression
            # when it is a selector base (`req.` + `User`).
            m = re.search(r"[A-Za-z_][A-Za-z0-9_.]*\.$", line_text[:start])
            out.append((m.group(0) if m else "") + new)
        else:
            new = i.get("insertText") or i["label"]
            m = re.search(r"[A-Za-z_][A-Za-z0-9_.]*\.$", line_text[:character])
            out.append((m.group(0) if m else "") + new)
    return out


def complete(args):
    path = args.file.resolve()
    root = path.parent
    while not (root / "go.mod").exists() and root != root.parent:
        root = root.parent
    indent = args.indent.replace("\\t", "\t")
    original = path.read_text()
    docs = []
    if args.case == "prefix":
        lines = original.split("\n")
        lines.insert(args.line - 1, indent + args.prefix)
        text = "\n".join(lines)
        uri = path.as_uri()
        docs.append({"uri": uri, "languageId": "go", "version": 1, "text": text})
        position = {"line": args.line - 1, "character": len(indent) + len(args.prefix)}
        line_text = indent + args.prefix
    elif args.case == "condition":
        uri = "go-breakpoint://%s?line=%d&kind=condition" % (path.as_posix(), args.line)
        text = args.prefix
        docs.append({"uri": uri, "languageId": "go-breakpoint", "version": 1, "text": text})
        position = {"line": 0, "character": len(args.prefix)}
        line_text = args.prefix
    else:
        uri = path.as_uri()
        text = original
        docs.append({"uri": uri, "languageId": "go", "version": 1, "text": text})
        position = {"line": args.line - 1, "character": 0}
        line_text = ""
    request = {"textDocument": {"uri": uri}, "position": position}

    argv = args.server.split()
    argv[0] = os.path.abspath(argv[0]) if os.sep in argv[0] else argv[0]
    t0 = time.perf_counter()
    server = Server(argv, cwd=str(root), env=os.environ.copy())
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
    for d in docs:
        server.notify("textDocument/didOpen", {"textDocument": d})
    t1 = time.perf_counter()
    first = server.request("textDocument/completion", request)
    t2 = time.perf_counter()
    first_incomplete = isinstance(first, dict) and first.get("isIncomplete") is True
    # An incomplete answer (dlvbridge before the file's imports are loaded)
    # is asked again, as an editor does while the user types.
    # gopls marks most answers incomplete (it trims long lists): asked
    # again for 5 s at most, then the last answer is taken as it is.
    settled, t3 = first, t2
    complete = not first_incomplete
    while not complete and time.perf_counter() - t2 < 5.0:
        time.sleep(0.005)
        settled = server.request("textDocument/completion", request)
        t3 = time.perf_counter()
        complete = not (isinstance(settled, dict) and settled.get("isIncomplete") is True)
    first_items = items_of(settled)

    warm = []
    for _ in range(args.warm):
        t = time.perf_counter()
        server.request("textDocument/completion", request)
        warm.append((time.perf_counter() - t) * 1e3)

    edited = []
    for v in range(args.edits):
        # An edit that keeps the position: a new snapshot each time.
        changed = text + ("// edit %d\n" % v if args.case != "condition" else " " * (v + 1))
        server.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": v + 2}, "contentChanges": [{"text": changed}]},
        )
        t = time.perf_counter()
        server.request("textDocument/completion", request)
        edited.append((time.perf_counter() - t) * 1e3)
    server.close()

    out = {
        "case": args.case,
        "initialize_ms": initialized_ms,
        "first_request_ms": (t2 - t1) * 1e3,
        "first_call_ms": (t2 - t0) * 1e3,
        "first_incomplete": first_incomplete,
        "first_answer_items": len(items_of(first)),
        "first_complete_ms": (t3 - t0) * 1e3 if complete else None,
        "items": [i["label"] for i in first_items],
        "expressions": expressions(first_items, line_text, position["character"]),
        "warm": summary(warm) if warm else None,
        "after_edit": summary(edited) if edited else None,
        "warm_samples": warm,
        "after_edit_samples": edited,
    }
    json.dump(out, sys.stdout)
    print()


class Dap:
    """A DAP connection to `dlv dap` over TCP."""

    def __init__(self, dlv, cwd):
        # dlv runs in `cwd`: a relative path to it names it from here.
        if os.sep in dlv:
            dlv = os.path.abspath(dlv)
        self.proc = subprocess.Popen(
            [dlv, "dap", "--listen", "127.0.0.1:0"], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        deadline = time.time() + 30
        addr = None
        while time.time() < deadline and addr is None:
            line = self.proc.stdout.readline().decode()
            if "listening at:" in line:
                addr = line.split("listening at:")[1].strip()
        if addr is None:
            raise RuntimeError("dlv dap did not start")
        host, port = addr.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=60)
        self.file = self.sock.makefile("rb")
        self.seq = 0
        self.events = []

    def read(self):
        length = None
        while True:
            line = self.file.readline()
            if not line:
                raise RuntimeError("dlv closed the connection")
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        return json.loads(self.file.read(length))

    def request(self, command, arguments):
        self.seq += 1
        body = json.dumps({"seq": self.seq, "type": "request", "command": command, "arguments": arguments}).encode()
        self.sock.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        while True:
            m = self.read()
            if m.get("type") == "response" and m.get("request_seq") == self.seq:
                return m
            if m.get("type") == "event":
                self.events.append(m)

    def event(self, name):
        while True:
            for i, e in enumerate(self.events):
                if e["event"] == name:
                    return self.events.pop(i)
            m = self.read()
            if m.get("type") == "event":
                self.events.append(m)

    def close(self):
        try:
            self.request("disconnect", {"terminateDebuggee": True})
        except Exception:
            pass
        self.sock.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def evaluate(args):
    exprs = json.loads(Path(args.exprs).read_text())
    dap = Dap(args.dlv, str(Path(args.program).parent))
    try:
        dap.request("initialize", {"adapterID": "go", "linesStartAt1": True, "columnsStartAt1": True, "pathFormat": "path"})
        r = dap.request("launch", {"mode": "exec", "program": str(Path(args.program).resolve())})
        if not r.get("success"):
            raise RuntimeError("launch failed: %s" % r)
        dap.event("initialized")
        r = dap.request("setBreakpoints", {"source": {"path": str(Path(args.file).resolve())}, "breakpoints": [{"line": args.line}]})
        if not r["body"]["breakpoints"][0].get("verified"):
            raise RuntimeError("breakpoint not verified: %s" % r)
        dap.request("configurationDone", {})
        stopped = dap.event("stopped")
        trace = dap.request("stackTrace", {"threadId": stopped["body"]["threadId"], "levels": 1})
        frame = trace["body"]["stackFrames"][0]
        if frame["line"] != args.line:
            raise RuntimeError("stopped at line %s, not %s" % (frame["line"], args.line))
        verdicts = {}
        for e in exprs:
            if e not in verdicts:
                r = dap.request("evaluate", {"expression": e, "frameId": frame["id"], "context": "watch"})
                verdicts[e] = bool(r.get("success"))
        json.dump(verdicts, sys.stdout)
        print()
    finally:
        dap.close()


def peak_mib(pid):
    """The peak resident set size of process `pid` (Linux), in MiB."""
    for line in Path("/proc/%d/status" % pid).read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def load(args):
    """Delve's own load of PROGRAM: from starting `dlv dap` to its answer to
    `launch` (exec), when its debug info is read; dlv's peak memory then."""
    t0 = time.perf_counter()
    dap = Dap(args.dlv, str(Path(args.program).parent))
    try:
        dap.request("initialize", {"adapterID": "go", "linesStartAt1": True, "columnsStartAt1": True, "pathFormat": "path"})
        r = dap.request("launch", {"mode": "exec", "program": str(Path(args.program).resolve()), "stopOnEntry": True})
        if not r.get("success"):
            raise RuntimeError("launch failed: %s" % r)
        load_ms = (time.perf_counter() - t0) * 1000
        json.dump({"load_ms": load_ms, "peak_mib": peak_mib(dap.proc.pid)}, sys.stdout)
        print()
    finally:
        dap.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command")
    c = sub.add_parser("complete")
    c.add_argument("--server", required=True, help="the server command line (gopls, or 'dlvbridge lsp')")
    c.add_argument("--case", choices=["prefix", "condition", "char0"], default="prefix")
    c.add_argument("--file", required=True, type=Path)
    c.add_argument("--line", required=True, type=int, help="1-based breakpoint line")
    c.add_argument("--indent", default="", help="the line's indentation (\\t for tabs)")
    c.add_argument("--prefix", default="")
    c.add_argument("--warm", type=int, default=200, help="warm requests on unchanged text")
    c.add_argument("--edits", type=int, default=50, help="requests each after an edit")
    e = sub.add_parser("evaluate")
    e.add_argument("--dlv", required=True)
    e.add_argument("--program", required=True)
    e.add_argument("--file", required=True)
    e.add_argument("--line", required=True, type=int)
    e.add_argument("--exprs", required=True, help="a JSON file with a list of expressions")
    ld = sub.add_parser("load")
    ld.add_argument("--dlv", required=True)
    ld.add_argument("--program", required=True)
    argv = sys.argv[1:]
    if not argv or argv[0] not in ("complete", "evaluate", "load", "-h", "--help"):
        argv = ["complete"] + argv
    args = ap.parse_args(argv)
    if args.command == "evaluate":
        evaluate(args)
    elif args.command == "load":
        load(args)
    else:
        complete(args)


if __name__ == "__main__":
    main()
