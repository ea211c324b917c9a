"""Prints the searchDocs result of many calls to a do-architect server, one JSON line per call, so that two builds
can be compared byte for byte (a change to the search path must not change a result).

Usage: python Benchmarks/search_results.py BINARY PACKAGE_ROOT [serve options...] > results.jsonl
       e.g. ... --knowledge-dir Tests/KnowledgeBaseTests/Fixtures/project

The calls: every doc title, heading and tag, 400 mixes of words from the docs (fixed seed), a few odd inputs, the
labelled questions of Tests/KnowledgeBaseTests/Fixtures/questions.json at the default limit and at limit 10, and a
sample with limit, tags, since and collection. Each line holds the arguments, isError, the text block and
structuredContent.
"""
import json
import pathlib
import random
import re
import subprocess
import sys
import tempfile

binary, root = sys.argv[1], pathlib.Path(sys.argv[2])
questions = [q["question"] for q in json.loads((root / "Tests/KnowledgeBaseTests/Fixtures/questions.json").read_text())]
queries = list(questions)
words = []
for path in sorted((root / "Knowledge").glob("*.md")):
    for line in path.read_text().splitlines():
        if line.startswith("title:"):
            queries.append(line[6:].strip().strip("\"'"))
        elif line.startswith("## ") or line.startswith("### "):
            queries.append(line.lstrip("#").strip())
        elif line.startswith("tags:"):
            queries += [t.strip() for t in line[5:].strip("[] ").split(",") if t.strip()]
        words += re.findall(r"[A-Za-z0-9]+", line)[:3]
rng = random.Random(7)
for _ in range(400):
    queries.append(" ".join(rng.choice(words) for _ in range(rng.randint(1, 4))))
queries += ["the", "how do I", "zzzzqqq", "alarm retries", "wbesocket hibernaton", "ÉÀ ünïcode", "x" * 70,
            "a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh ii jj kk ll"]
calls = [{"query": q} for q in queries] + [{"query": q, "limit": 10} for q in questions]
for q in queries[:150:3]:
    calls.append({"query": q, "limit": 10})
    calls.append({"query": q, "tags": ["storage", "alarms"]})
    calls.append({"query": q, "since": "2025-06-01", "limit": 3})
    calls.append({"query": q, "collection": "bundled"})

server = subprocess.Popen([binary, "serve", "--data-dir", tempfile.mkdtemp(), "--log-level", "error"] + sys.argv[3:],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def send(message):
    server.stdin.write((json.dumps(message) + "\n").encode())
    server.stdin.flush()


send({"jsonrpc": "2.0", "id": 0, "method": "initialize",
      "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "results", "version": "1"}}})
server.stdout.readline()
for number, arguments in enumerate(calls, 1):
    send({"jsonrpc": "2.0", "id": number, "method": "tools/call", "params": {"name": "searchDocs", "arguments": arguments}})
    while True:
        answer = json.loads(server.stdout.readline())
        if "id" in answer:
            break
    result = answer["result"]
    print(json.dumps({"args": arguments, "isError": result.get("isError", False), "text": result["content"][0]["text"],
                      "structured": result["structuredContent"]}, ensure_ascii=False, sort_keys=True))
server.stdin.close()
server.wait()
