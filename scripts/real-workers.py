#!/usr/bin/env python3
"""Runs real public Durable Object projects (issue 11, step 7) on do-architect's JavaScript engine.

Not part of CI: the projects are fetched from public repositories into a folder outside this repository
(default /work/corpus-workers/<owner>__<name>, archived at the commit the manifest names) and are never committed.

For each project of Tests/RealWorkers/manifest.json it starts `do-architect serve` with a fresh --data-dir in a
temporary folder and the project folder as working directory, speaks JSON-RPC over stdio (initialize with
protocolVersion 2025-11-25, notifications/initialized, then tools/call), calls loadWorker {path[, main]}, every
expectation in order (state carries from one call to the next), then the project's runWorkload (call or request
mode, from the manifest), and prints per project: loaded yes/no, expectations met n/m with the differences, and
whether the workload survived: no tool error, every request completed without an error (the first distinct errors
are shown from errorSamples), its checks passed, and the server still answering listNamespaces with the Worker's
namespaces afterwards. A project passes only when all three hold; a project without a workload in the manifest
fails. A table of every project and one line "N passed, N failed" end the output.

Usage:
  scripts/real-workers.py --binary .build/debug/do-architect [--corpus /work/corpus-workers] [--only NAME ...]
  (--binary may be a command with arguments, e.g. "wtrun .build/debug/do-architect"; it is split like a shell.)
"""
import argparse
import base64
import json
import os
import queue
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_MANIFEST = os.path.join(HERE, "..", "Tests", "RealWorkers", "manifest.json")


class ServerError(Exception):
    pass


class Server:
    """One `do-architect serve` process spoken to with newline-delimited JSON-RPC."""

    def __init__(self, command, cwd, data_dir, log_path, extra=()):
        self.log_path = log_path
        self.log = open(log_path, "ab")
        self.proc = subprocess.Popen(command + ["serve", "--data-dir", data_dir, *extra], cwd=cwd,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log)
        self.lines = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def send(self, message):
        try:
            self.proc.stdin.write((json.dumps(message) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise ServerError(f"server's stdin closed: {error}")

    def request(self, method, params, timeout):
        self.next_id += 1
        ident = self.next_id
        self.send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ServerError(f"no answer to {method} within {timeout:.0f} s")
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
                self.log.flush()
                with open(self.log_path, "rb") as handle:
                    last = handle.read().decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
                raise ServerError(f"server exited (code {self.proc.poll()}) before answering {method}: {last[0][:400]}")
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if message.get("id") == ident and ("result" in message or "error" in message):
                if "error" in message:
                    raise ServerError(f"{method}: JSON-RPC error {json.dumps(message['error'])[:400]}")
                return message["result"]
            if "method" in message and "id" in message:  # a request from the server: we offer nothing
                self.send({"jsonrpc": "2.0", "id": message["id"],
                           "error": {"code": -32601, "message": "not supported by this client"}})

    def notify(self, method, params=None):
        message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)

    def call_tool(self, name, arguments, timeout=120):
        return self.request("tools/call", {"name": name, "arguments": arguments}, timeout)

    def close(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def structured(result):
    """The tool result's structured content, else its first text parsed as JSON, else {}."""
    if isinstance(result.get("structuredContent"), dict):
        return result["structuredContent"]
    for item in result.get("content") or []:
        if item.get("type") == "text":
            try:
                value = json.loads(item.get("text", ""))
                if isinstance(value, dict):
                    return value
            except ValueError:
                pass
    return {}


def error_text(result):
    texts = [item.get("text", "") for item in result.get("content") or [] if item.get("type") == "text"]
    return " ".join(texts).strip()[:600] or json.dumps(result)[:600]


def response_parts(content):
    """status, headers (lower-case names), body text from {status, headers, body} as the engine returns it."""
    status = content.get("status")
    headers = {}
    raw = content.get("headers")
    if isinstance(raw, dict):
        headers = {str(k).lower(): v if isinstance(v, str) else ", ".join(map(str, v)) if isinstance(v, list) else str(v)
                   for k, v in raw.items()}
    elif isinstance(raw, list):  # [[name, value], ...] or [{name, value}]
        for pair in raw:
            name, value = (pair[0], pair[1]) if isinstance(pair, list) else (pair.get("name"), pair.get("value"))
            key = str(name).lower()
            headers[key] = headers[key] + ", " + str(value) if key in headers else str(value)
    body = content.get("body")
    encoding = str(content.get("bodyEncoding") or content.get("encoding") or "").lower()
    if isinstance(body, str) and encoding == "base64":
        body = base64.b64decode(body).decode("utf-8", "replace")
    if body is None:
        body = ""
    elif not isinstance(body, str):
        body = json.dumps(body)
    return status, headers, body


def subset(expected, actual):
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and subset(v, actual[k]) for k, v in expected.items())
    return expected == actual


def short(value, limit=160):
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= limit else text[:limit] + "…"


def check(expect, result):
    """Differences between what the code implies and what came back (empty when all is met)."""
    diffs = []
    if result.get("isError"):
        if not expect.get("isError"):
            return [f"tool error: {error_text(result)}"]
        return []
    content = structured(result)
    if "status" not in content and isinstance(content.get("result"), dict) and "status" in content["result"]:
        content = content["result"]  # invokeObject's fetch: the engine nests {status, headers, body} under result
    status, headers, body = response_parts(content)
    if "status" in expect and status != expect["status"]:
        diffs.append(f"status {status} (expected {expect['status']})")
    if "body" in expect and body != expect["body"]:
        diffs.append(f"body {short(body)!r} (expected {short(expect['body'])!r})")
    if "bodyContains" in expect and expect["bodyContains"] not in body:
        diffs.append(f"body {short(body)!r} lacks {expect['bodyContains']!r}")
    if "bodyRegex" in expect and not re.search(expect["bodyRegex"], body):
        diffs.append(f"body {short(body)!r} does not match /{expect['bodyRegex']}/")
    if any(k in expect for k in ("bodyJson", "bodyJsonEquals", "bodyJsonKeys")):
        try:
            parsed = json.loads(body)
        except ValueError:
            diffs.append(f"body is not JSON: {short(body)!r}")
        else:
            if "bodyJsonEquals" in expect and parsed != expect["bodyJsonEquals"]:
                diffs.append(f"JSON {short(parsed)} (expected {short(expect['bodyJsonEquals'])})")
            if "bodyJson" in expect and not subset(expect["bodyJson"], parsed):
                diffs.append(f"JSON {short(parsed)} (expected to contain {short(expect['bodyJson'])})")
            if "bodyJsonKeys" in expect and (not isinstance(parsed, dict) or sorted(parsed) != sorted(expect["bodyJsonKeys"])):
                keys = sorted(parsed) if isinstance(parsed, dict) else type(parsed).__name__
                diffs.append(f"JSON keys {keys} (expected {sorted(expect['bodyJsonKeys'])})")
    if "bodyNumberRange" in expect:
        low, high = expect["bodyNumberRange"]
        try:
            number = float(body)
            if not low <= number <= high:
                diffs.append(f"body {number} outside [{low}, {high}]")
        except ValueError:
            diffs.append(f"body {short(body)!r} is not a number")
    for name, part in (expect.get("headers") or {}).items():
        value = headers.get(name.lower())
        if value is None:
            diffs.append(f"header {name} absent (expected it to contain {part!r})")
        elif part not in value:
            diffs.append(f"header {name}: {value!r} (expected it to contain {part!r})")
    for key in ("result", "resultEquals"):
        if key in expect:
            got = content.get("result")
            if isinstance(got, dict) and got.get("$t") == "undefined":  # the wire form of undefined
                got = None
            if got != expect[key]:
                diffs.append(f"result {short(got)} (expected {short(expect[key])})")
    if "resultSubset" in expect and not subset(expect["resultSubset"], content.get("result")):
        diffs.append(f"result {short(content.get('result'))} (expected to contain {short(expect['resultSubset'])})")
    return diffs


def workload_problems(result, requests):
    if result.get("isError"):
        return [f"tool error: {error_text(result)}"]
    content = structured(result)
    problems = []
    errors = content.get("errors")
    if isinstance(errors, dict):
        failed = {k: v for k, v in errors.items() if isinstance(v, (int, float)) and v}
        if failed:
            problems.append(f"errors {failed}")
    elif isinstance(errors, (int, float)) and errors:
        problems.append(f"errors {errors}")
    completed = content.get("completed")
    if isinstance(completed, int) and completed < requests:
        problems.append(f"completed {completed} of {requests}" + (f" ({content['stoppedEarly']})" if content.get("stoppedEarly") else ""))
    for item in content.get("checks") or []:
        if isinstance(item, dict) and item.get("passed") is False:
            problems.append(f"check {item.get('name')}: {item.get('detail')}")
    if not problems and not content:
        problems.append(f"no structured result: {short(json.dumps(result))}")
    return problems


def run_project(project, command, corpus, keep_logs):
    folder = os.path.join(corpus, project["folder"])
    path = os.path.normpath(os.path.join(folder, project.get("subfolder", ".")))
    report = {"name": f"{project['repository']}" + ("" if project.get("subfolder", ".") == "." else f" ({project['subfolder']})"),
              "loaded": False, "met": 0, "total": len(project["expectations"]), "diffs": [], "workload": None}
    if not os.path.isdir(path):
        report["diffs"].append(f"project folder missing: {path} (fetch {project['repository']} at {project['commit']})")
        return report
    scratch = tempfile.mkdtemp(prefix="real-workers-")
    data, log = os.path.join(scratch, "data"), os.path.join(scratch, "server.log")

    def start(extra=()):
        started = Server(command, path, data, log, extra)
        started.request("initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                                       "clientInfo": {"name": "real-workers", "version": "1"}}, 60)
        started.notify("notifications/initialized")
        return started

    server = Server.__new__(Server)
    server.proc = None
    try:
        server = start()
        arguments = {"path": path}
        arguments.update(project.get("loadWorker") or {})
        loaded = server.call_tool("loadWorker", arguments, timeout=180)
        if loaded.get("isError") and "already registered" in error_text(loaded) and not project.get("loadWorker"):
            # A binding named like a built-in namespace: the engine takes it only at start (serve --worker DIR).
            report["diffs"].append(f"loadWorker refused ({error_text(loaded)[:160]}…); retried with serve --worker")
            server.close()
            server = start(["--worker", path])
            loaded = {"isError": False}
            report["via"] = "serve --worker"
        if loaded.get("isError"):
            report["diffs"].append(f"loadWorker: {error_text(loaded)}")
            return report
        report["loaded"] = True
        for expectation in project["expectations"]:
            try:
                result = server.call_tool(expectation["tool"], expectation["arguments"])
                diffs = check(expectation["expect"], result)
            except ServerError as error:
                diffs = [str(error)]
            if diffs:
                report["diffs"].append(f"{expectation['id']}: " + "; ".join(diffs))
            else:
                report["met"] += 1
        workload = project.get("workload")
        if not workload:
            report["workload"] = ["the manifest gives no workload for this project"]
        else:
            arguments = workload["arguments"]
            try:
                result = server.call_tool("runWorkload", arguments, timeout=600)
                problems = workload_problems(result, arguments.get("requests", 0))
                content = structured(result)
                if content.get("completed") is not None:
                    latency = content.get("latencyMs") or {}
                    report["workloadFigures"] = (f"{content.get('completed')}/{content.get('requests')} in "
                                                 f"{content.get('durationMs', 0):.0f} ms, p50 {latency.get('p50', 0):.2f} ms"
                                                 + (f", statuses {content['statuses']}" if content.get("statuses") else ""))
                for sample in content.get("errorSamples") or []:
                    problems.append(f"sample {sample.get('kind')} x{sample.get('count')}: {short(sample.get('message', ''), 200)}")
                # Surviving means the server still answers afterwards, with the Worker's namespaces still listed.
                listed = structured(server.call_tool("listNamespaces", {}, timeout=60))
                kinds = [n.get("kind") for n in listed.get("namespaces") or [] if isinstance(n, dict)]
                if "worker" not in kinds:
                    problems.append("after the workload, listNamespaces no longer lists the Worker's namespaces")
            except ServerError as error:
                problems = [str(error)]
            report["workload"] = problems
    except ServerError as error:
        report["diffs"].append(str(error))
    finally:
        if server.proc is not None:
            server.close()
        if report["diffs"] or (report["workload"] or []):
            with open(os.path.join(scratch, "server.log"), "rb") as log:
                tail = log.read()[-1500:].decode("utf-8", "replace").strip()
            if tail:
                report["log"] = tail
        if keep_logs:
            report["scratch"] = scratch
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the built do-architect (or a command that runs it)")
    parser.add_argument("--corpus", default="/work/corpus-workers", help="folder holding <owner>__<name> checkouts")
    parser.add_argument("--manifest", default=DEFAULT_MANIFEST)
    parser.add_argument("--only", nargs="*", help="run only projects whose repository or folder contains one of these")
    parser.add_argument("--keep-logs", action="store_true", help="keep each server's data folder and stderr log")
    parser.add_argument("--show-log", action="store_true", help="print the tail of the server log of failing projects")
    options = parser.parse_args()

    command = shlex.split(options.binary)
    if command and os.path.exists(command[0]):  # the projects' folders become the working directory
        command[0] = os.path.abspath(command[0])
    elif len(command) > 1 and os.path.exists(command[1]):
        command[1] = os.path.abspath(command[1])
    with open(options.manifest) as handle:
        projects = json.load(handle)["projects"]
    if options.only:
        projects = [p for p in projects
                    if any(word in p["repository"] or word in p["folder"] or word in p.get("subfolder", "") for word in options.only)]

    passed = failed = 0
    rows = []
    for project in projects:
        report = run_project(project, command, options.corpus, options.keep_logs)
        workload = report["workload"]
        workload_text = "not run" if workload is None else ("ok" if not workload else "FAILED: " + "; ".join(workload))
        ok = report["loaded"] and report["met"] == report["total"] and workload == []
        passed += ok
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'} {report['name']} @ {project['commit'][:12]}")
        print(f"  loaded: {'yes' if report['loaded'] else 'no'}" + (f" (through {report['via']})" if report.get("via") else ""))
        print(f"  expectations met: {report['met']}/{report['total']}")
        for diff in report["diffs"]:
            print(f"    - {diff}")
        print(f"  workload: {workload_text}" + (f" ({report['workloadFigures']})" if report.get("workloadFigures") else ""))
        rows.append((report["name"], "yes" if report["loaded"] else "no", f"{report['met']}/{report['total']}",
                     "survived" if workload == [] else ("not run" if workload is None else "FAILED"), "PASS" if ok else "FAIL"))
        if options.show_log and not ok and report.get("log"):
            print("  server log (tail):")
            for line in report["log"].splitlines()[-12:]:
                print(f"    | {line}")
        if report.get("scratch"):
            print(f"  kept: {report['scratch']}")
        sys.stdout.flush()
    print()
    header = ("project", "loads", "expectations", "workload", "")
    widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
    for row in [header] + rows:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
