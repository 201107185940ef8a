#!/usr/bin/env python3
"""A Piston v2 look-alike for the drill (scripts/drill): GET /api/v2/runtimes and POST /api/v2/execute,
running the files with the local python3 in a temporary folder. It exists so that the drill can take the
code runner away (stop this process) and bring it back; it isolates nothing and is not a sandbox.
Usage: piston.py PORT"""
import json, os, subprocess, sys, tempfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VERSION = "%d.%d.%d" % sys.version_info[:3]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path.rstrip("/") == "/api/v2/runtimes":
            return self.answer(200, [{"language": "python", "version": VERSION, "aliases": ["py", "python3"]}])
        self.answer(404, {"message": "not found"})

    def do_POST(self):
        if self.path.rstrip("/") != "/api/v2/execute":
            return self.answer(404, {"message": "not found"})
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        timeout = request.get("run_timeout", 3000) / 1000
        with tempfile.TemporaryDirectory() as folder:
            for file in request["files"]:
                with open(os.path.join(folder, file["name"]), "w") as out:
                    out.write(file["content"])
            try:
                done = subprocess.run([sys.executable, request["files"][0]["name"], *request.get("args", [])],
                                      cwd=folder, input=request.get("stdin", ""), capture_output=True, text=True,
                                      timeout=timeout)
                run = {"stdout": done.stdout, "stderr": done.stderr, "output": done.stdout + done.stderr,
                       "code": done.returncode, "signal": None, "status": None if done.returncode == 0 else "RE"}
            except subprocess.TimeoutExpired:
                run = {"stdout": "", "stderr": "", "output": "", "code": None, "signal": "SIGKILL", "status": "TO"}
        self.answer(200, {"language": "python", "version": VERSION, "run": run})


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
