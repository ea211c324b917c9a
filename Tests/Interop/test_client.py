"""The real Python MCP client (PyPI `mcp` 2.x) against the built server."""
import json
import pathlib

import anyio
import jsonschema
import pytest
from mcp import Client, MCPError, StdioServerParameters

COUNTER = """import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {
  count = 0;
  async increment() { this.count++; return this.count; }
}
"""

# A small Worker project inside the server's working directory (the folder a client without roots may use).
WORKER = str(pathlib.Path(__file__).resolve().parents[1] / "ArchitectServerTests" / "Golden" / "worker")

# Valid and invalid arguments for every tool; a test checks that every listed tool is covered. The Worker tools come
# last in the server's list, so loadWorker runs before invokeWorker and controlObject.
CALLS = {
    "listNamespaces": {"valid": [{}], "invalid": [{"x": 1}]},
    "invokeObject": {
        "valid": [{"namespace": "COUNTER", "name": "interop", "method": "increment", "args": {"by": 2}},
                  {"namespace": "RATE_LIMITER", "name": "k", "method": "check", "args": {"key": "ip:1", "limit": 10, "windowSeconds": 60}}],
        "invalid": [{}, {"namespace": "COUNTER", "method": "increment"}, {"namespace": "NOPE", "name": "a", "method": "get"},
                    {"namespace": "COUNTER", "name": "a", "method": "nope"}],
    },
    "inspectObject": {"valid": [{"namespace": "COUNTER", "name": "interop"}], "invalid": [{"namespace": "COUNTER"}, {"name": "x"}]},
    "resetObjects": {"valid": [{"namespace": "RATE_LIMITER"}], "invalid": [{"name": "x"}, {"namespace": "NOPE"}]},
    "runWorkload": {
        "valid": [{"namespace": "COUNTER", "requests": 200, "concurrency": 8, "objects": 10}],
        "invalid": [{"namespace": "COUNTER"}, {"namespace": "COUNTER", "requests": 0}, {"namespace": "COUNTER", "requests": 10, "distribution": "normal"}],
    },
    "getDOMetrics": {"valid": [{}, {"namespace": "COUNTER", "windowSeconds": 30, "includeSeries": True}],
                     "invalid": [{"windowSeconds": 0}, {"namespace": "NOPE"}]},
    "recommendArchitecture": {
        "valid": [{"description": "multiplayer game rooms of 8 players, 2000 concurrent games"},
                  {"description": "per-user rate limiting", "requirements": {"entities": 50000, "totalPeakRps": 2000}}],
        "invalid": [{}, {"description": ""}, {"description": "x", "requirements": {"consistency": "maybe"}}],
    },
    "reviewCode": {
        "valid": [{"code": COUNTER}, {"files": [{"path": "src/counter.ts", "content": COUNTER}], "maxFindings": 5}],
        "invalid": [{}, {"code": COUNTER, "files": [{"path": "a.ts", "content": "x"}]}, {"code": "x", "maxFindings": 0},
                    {"code": "x", "language": "python"}, {"paths": ["/etc/passwd"]}],
    },
    "searchDocs": {
        "valid": [{"query": "what happens if my alarm throws"}, {"query": "websocket hibernation cost", "limit": 2, "tags": ["websockets"]}],
        "invalid": [{}, {"query": ""}, {"query": "x", "limit": 0}, {"query": "x", "unknown": 1}, {"query": 5}],
    },
    "getDoc": {
        "valid": [{"id": "alarms"}, {"id": "limits", "maxChars": 500, "offset": 100}],
        "invalid": [{}, {"id": "no-such-doc"}, {"id": "alarms", "maxChars": 10}, {"id": "alarms", "section": "no such section"}],
    },
    "loadWorker": {"valid": [{"path": WORKER}], "invalid": [{"path": "/etc"}, {"path": WORKER, "x": 1}, {"path": ""}]},
    "invokeWorker": {
        "valid": [{"request": {"method": "GET", "url": "https://interop.test/"}}],
        "invalid": [{}, {"request": {"url": 5}}, {"request": {"method": "GET"}}],
    },
    "controlObject": {
        "valid": [{"namespace": "VISITS", "name": "home", "action": "evict"}, {"namespace": "VISITS", "name": "home", "action": "hibernate"}],
        "invalid": [{}, {"namespace": "VISITS", "name": "home", "action": "explode"}, {"namespace": "NOPE", "name": "a", "action": "evict"},
                    {"namespace": "VISITS", "name": "home", "action": "runAlarm"}],
    },
    # The WebSocket tools come after controlObject: the first socket of a fresh server is ws-1.
    "openWebSocket": {
        "valid": [{"namespace": "CHAT_ROOM", "name": "interop", "url": "/join?user=py"}],
        "invalid": [{}, {"namespace": "CHAT_ROOM"}, {"url": 5}, {"namespace": "CHAT_ROOM", "name": "interop", "url": "/nope"}],
    },
    "sendWebSocket": {
        "valid": [{"socket": "ws-1", "data": "hi"}, {"socket": "ws-1", "data": {"base64": "AQI="}}],
        "invalid": [{}, {"socket": "ws-99", "data": "x"}, {"socket": "ws-1", "data": 5}],
    },
    "receiveWebSocket": {
        "valid": [{"socket": "ws-1", "waitMs": 1000, "max": 10}],
        "invalid": [{"socket": "ws-1", "max": 0}, {"socket": "nope"}],
    },
    "closeWebSocket": {
        "valid": [{"socket": "ws-1", "code": 1000, "reason": "bye"}],
        "invalid": [{"socket": "ws-1", "code": 999}, {}, {"socket": "ws-1"}],
    },
}

# The chat Worker of the JavaScript host's tests: hibernatable sockets with tags, attachments and a ping/pong
# auto-response.
CHAT = str(pathlib.Path(__file__).resolve().parents[1] / "JSHostTests" / "Fixtures" / "chat")


def params(binary, data_dir):
    return StdioServerParameters(command=binary, args=["serve", "--data-dir", data_dir, "--log-level", "warning"])


def run(coro):
    return anyio.run(coro)


def test_lists_calls_reads_and_prompts(binary, data_dir, tool_schemas):
    async def main():
        async with Client(params(binary, data_dir), mode="legacy", read_timeout_seconds=30) as client:
            assert client.protocol_version == "2025-11-25"
            tools = (await client.list_tools()).tools
            names = sorted(tool.name for tool in tools)
            assert names == sorted(CALLS), f"every listed tool needs valid and invalid calls here: {names}"
            for tool in tools:
                assert tool.description and tool.input_schema["type"] == "object"
                jsonschema.Draft202012Validator.check_schema(tool.input_schema)
                jsonschema.Draft202012Validator.check_schema(tool.output_schema)
                assert tool.input_schema == tool_schemas[tool.name]["input"]
                for arguments in CALLS[tool.name]["valid"]:
                    result = await client.call_tool(tool.name, arguments)
                    assert not result.is_error, result.content
                    jsonschema.validate(result.structured_content, tool.output_schema)
                    assert result.content[0].type == "text"
                for arguments in CALLS[tool.name]["invalid"]:
                    result = await client.call_tool(tool.name, arguments)
                    assert result.is_error, f"{tool.name}({arguments}) should be a tool error"
                    assert result.content[0].text
                    # Our validator and Python's jsonschema agree on schema violations.
                    violates = not jsonschema.Draft202012Validator(tool.input_schema).is_valid(arguments)
                    if violates:
                        assert "Invalid arguments" in result.content[0].text

            with pytest.raises(MCPError) as caught:
                await client.call_tool("noSuchTool", {})
            assert caught.value.code == -32602

            resources = (await client.list_resources()).resources
            assert len(resources) >= 40
            body = await client.read_resource(resources[0].uri)
            assert body.contents[0].text and body.contents[0].mime_type == "text/markdown"
            with pytest.raises(MCPError) as missing:
                await client.read_resource("kb://docs/../../etc/passwd")
            assert missing.value.code == -32002

            templates = (await client.list_resource_templates()).resource_templates
            assert templates[0].uri_template == "kb://docs/{id}"

            prompts = sorted(p.name for p in (await client.list_prompts()).prompts)
            assert prompts == ["design-durable-object", "review-durable-object"]
            prompt = await client.get_prompt("review-durable-object", {"code": "export class A {}"})
            assert "export class A" in prompt.messages[0].content.text

    run(main)


def test_a_chat_through_the_worker_hibernates_and_wakes(binary, data_dir):
    async def main():
        async with Client(params(binary, data_dir), mode="legacy", read_timeout_seconds=30) as client:
            async def ok(name, arguments):
                result = await client.call_tool(name, arguments)
                assert not result.is_error, result.content
                return result.structured_content

            await ok("loadWorker", {"path": CHAT})
            opened = await ok("openWebSocket", {"url": "https://chat.test/rooms/py/join?user=ann"})
            socket = opened["socket"]
            assert opened["namespace"] == "ROOMS"
            welcome = await ok("receiveWebSocket", {"socket": socket, "waitMs": 2000})
            assert json.loads(welcome["messages"][0]) == {"type": "welcome", "members": 1}
            await ok("sendWebSocket", {"socket": socket, "data": "hello"})
            broadcast = await ok("receiveWebSocket", {"socket": socket, "waitMs": 2000})
            assert json.loads(broadcast["messages"][0]) == {"from": "ann", "text": "hello", "n": 1}

            hibernated = await ok("controlObject", {"namespace": "ROOMS", "name": "py", "action": "hibernate"})
            assert hibernated["wasInMemory"] and hibernated["webSockets"] == 1
            await ok("sendWebSocket", {"socket": socket, "data": "ping"})
            assert (await ok("receiveWebSocket", {"socket": socket, "waitMs": 2000}))["messages"] == ["pong"]
            await ok("sendWebSocket", {"socket": socket, "data": "whoami"})
            who = json.loads((await ok("receiveWebSocket", {"socket": socket, "waitMs": 2000}))["messages"][0])
            assert who["user"] == "ann" and who["tags"] == ["ann", "room"]

            await ok("sendWebSocket", {"socket": socket, "data": "bye"})
            closed = await ok("receiveWebSocket", {"socket": socket, "waitMs": 2000})
            assert closed["closed"] == {"code": 4000, "reason": "bye ann"}
            gone = await client.call_tool("sendWebSocket", {"socket": socket, "data": "again"})
            assert gone.is_error and gone.structured_content["code"] == "unknownSocket"

    run(main)


def test_progress_and_logging_reach_the_client(binary, data_dir):
    seen_progress, seen_logs = [], []

    async def on_progress(done, total, message):
        seen_progress.append((done, total, message))

    async def on_log(params):
        seen_logs.append(params)

    async def main():
        async with Client(params(binary, data_dir), mode="legacy", read_timeout_seconds=30, logging_callback=on_log) as client:
            await client.set_logging_level("debug")
            result = await client.call_tool("searchDocs", {"query": "alarms"}, progress_callback=on_progress)
            assert not result.is_error
            await client.send_ping()

    run(main)
    assert seen_progress, "a progress notification for a call that carried a progress token"
    assert seen_logs, "a log message at debug level after logging/setLevel debug"


def test_auto_mode_falls_back_to_initialize_quickly(binary, data_dir):
    async def main():
        with anyio.fail_after(10):
            async with Client(params(binary, data_dir), read_timeout_seconds=30) as client:
                assert (await client.list_tools()).tools

    run(main)


def test_review_reads_paths_only_inside_the_client_roots(binary, data_dir, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "counter.ts").write_text(COUNTER)
    from mcp import types

    async def list_roots(context):
        return types.ListRootsResult(roots=[types.Root(uri=project.as_uri(), name="project")])

    async def main():
        async with Client(params(binary, data_dir), mode="legacy", read_timeout_seconds=30, list_roots_callback=list_roots) as client:
            inside = await client.call_tool("reviewCode", {"paths": [str(project)], "minConfidence": "low"})
            assert not inside.is_error, inside.content
            rules = {f["ruleId"] for f in inside.structured_content["findings"]}
            assert "unpersisted-state" in rules
            outside = await client.call_tool("reviewCode", {"paths": [str(tmp_path)]})
            assert outside.is_error

    run(main)


def test_run_workload_on_the_users_worker(binary, data_dir):
    async def main():
        async with Client(params(binary, data_dir), mode="legacy", read_timeout_seconds=60) as client:
            schema = next(t for t in (await client.list_tools()).tools if t.name == "runWorkload").output_schema
            before = await client.call_tool("runWorkload", {"requests": 5, "request": {"url": "https://interop.test/"}})
            assert before.is_error and "loadWorker" in before.content[0].text
            loaded = await client.call_tool("loadWorker", {"path": WORKER})
            assert not loaded.is_error, loaded.content

            call = await client.call_tool("runWorkload", {
                "namespace": "VISITS", "requests": 50, "concurrency": 8, "objects": 4, "seed": 3,
                "call": {"method": "visit", "args": []}})
            assert not call.is_error, call.content
            jsonschema.validate(call.structured_content, schema)
            assert call.structured_content["completed"] == 50 and call.structured_content["errors"] == {}
            assert call.structured_content["namespace"] == "VISITS" and call.structured_content["objectsTouched"] == 4

            request = await client.call_tool("runWorkload", {
                "requests": 20, "concurrency": 4, "request": {"method": "GET", "url": "https://interop.test/{{object}}?i={{i}}&r={{random}}"}})
            assert not request.is_error, request.content
            jsonschema.validate(request.structured_content, schema)
            assert request.structured_content["statuses"] == {"200": 20}
            assert request.structured_content["method"] == "fetch"

            # The objects the call workload made are ordinary objects of the namespace for the other tools.
            inspected = await client.call_tool("inspectObject", {"namespace": "VISITS", "name": "workload-0"})
            assert not inspected.is_error and inspected.structured_content["keyCount"] == 1
            metrics = await client.call_tool("getDOMetrics", {"namespace": "VISITS", "windowSeconds": 60})
            assert not metrics.is_error, metrics.content
            reset = await client.call_tool("resetObjects", {"namespace": "VISITS"})
            assert not reset.is_error and reset.structured_content["total"] >= 4

            for arguments, words in [
                ({"namespace": "COUNTER", "requests": 5, "call": {"method": "increment"}}, "built in"),
                ({"namespace": "VISITS", "requests": 5, "call": {"method": "nope"}}, "no RPC method"),
                ({"namespace": "VISITS", "requests": 5, "request": {"url": "https://interop.test/"}}, "leave namespace out"),
                ({"namespace": "VISITS", "requests": 5, "call": {"args": []}}, "Invalid arguments"),
                ({"requests": 5, "request": {"url": "https://a/", "extra": 1}}, "Invalid arguments"),
            ]:
                refused = await client.call_tool("runWorkload", arguments)
                assert refused.is_error and words in refused.content[0].text, (arguments, refused.content)

    run(main)
