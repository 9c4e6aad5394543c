#!/usr/bin/env python3
"""A scripted debug session through `dlvbridge dap` with real dlv, as an
editor would drive it: launch the example, set breakpoints with a valid and
a mistyped condition, stop, ask the debug console for completions, and
disconnect. Standard library only.

usage: dap_demo.py DLVBRIDGE BINARY SOURCE_FILE [--strict]
"""

import json
import subprocess
import sys
import threading
import queue


class Client:
    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.seq = 0
        self.inbox = queue.Queue()
        self.seen = []  # messages read while waiting for something else
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                ch = out.read(1)
                if not ch:
                    self.inbox.put(None)
                    return
                header += ch
            length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
            self.inbox.put(json.loads(out.read(length)))

    def send(self, command, arguments=None):
        self.seq += 1
        msg = {"seq": self.seq, "type": "request", "command": command, "arguments": arguments or {}}
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return self.seq

    def wait(self, pred, what, timeout=30):
        for i, msg in enumerate(self.seen):
            if pred(msg):
                return self.seen.pop(i)
        while True:
            msg = self.inbox.get(timeout=timeout)
            if msg is None:
                raise SystemExit(f"the bridge closed while waiting for {what}")
            if pred(msg):
                return msg
            if msg.get("type") == "event" and msg.get("event") != "breakpoint":
                self.seen.append(msg)
            if msg.get("type") == "event" and msg.get("event") == "breakpoint":
                bp = msg["body"]["breakpoint"]
                if bp.get("message"):
                    print(f"  event breakpoint changed: line {bp.get('line')}: {bp['message']}")

    def request(self, command, arguments=None):
        seq = self.send(command, arguments)
        return self.wait(lambda m: m.get("type") == "response" and m.get("request_seq") == seq, command)


def main():
    bridge, binary, source = sys.argv[1:4]
    strict = "--strict" in sys.argv[4:]
    c = Client([bridge, "dap"])
    caps = c.request("initialize", {"adapterID": "go", "linesStartAt1": True, "columnsStartAt1": True,
                                    "supportsVariableType": True})["body"]
    print(f"initialize: supportsCompletionsRequest={caps.get('supportsCompletionsRequest')}", flush=True)
    c.request("launch", {"mode": "exec", "program": binary, "stopOnEntry": False, "strictConditions": strict})
    print(f"launch: exec {binary.rsplit('/', 1)[-1]}, strictConditions={strict}")
    c.wait(lambda m: m.get("event") == "initialized", "initialized")
    resp = c.request("setBreakpoints", {
        "source": {"path": source},
        "breakpoints": [
            {"line": 44, "condition": "it.Quantity > 2"},
            {"line": 54, "condition": "total > 150 && label == \"ALICE\""},
        ],
    })
    print("setBreakpoints:")
    for bp in resp["body"]["breakpoints"]:
        print(f"  line {bp.get('line')}: verified={bp.get('verified')} {bp.get('message', '')}".rstrip())
    c.request("configurationDone")
    stop = c.wait(lambda m: m.get("event") in ("stopped", "terminated"), "a stop")
    if stop.get("event") == "stopped":
        frame = c.request("stackTrace", {"threadId": stop["body"]["threadId"], "levels": 1})["body"]["stackFrames"][0]
        print(f"stopped ({stop['body']['reason']}) at {frame['name']} line {frame['line']}"
              + (f": {stop['body'].get('text')}" if stop['body'].get('text') else ""))
        for text in ["o.Cu", "o.Customer.", "to"]:
            items = c.request("completions", {"frameId": frame["id"], "text": text, "column": len(text) + 1})
            labels = [i["label"] for i in items["body"]["targets"]]
            print(f"console completions for {text!r}: {', '.join(labels)}")
        value = c.request("evaluate", {"expression": "o.Customer.Name", "frameId": frame["id"], "context": "repl"})
        print(f"evaluate o.Customer.Name = {value['body']['result']}")
    c.request("disconnect", {"terminateDebuggee": True})
    c.proc.wait(timeout=10)
    print(f"bridge exited with {c.proc.returncode}")


if __name__ == "__main__":
    main()
