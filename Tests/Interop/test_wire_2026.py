"""A whole raw session in the stateless era (MCP 2026-07-28): every message validates against that era's schema."""
import json
import pathlib
import subprocess

import jsonschema
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
VERSION = "2026-07-28"
META = {
    "io.modelcontextprotocol/protocolVersion": VERSION,
    "io.modelcontextprotocol/clientCapabilities": {},
    "io.modelcontextprotocol/clientInfo": {"name": "wire", "version": "1"},
}

SESSION = [
    ("server/discover", {}, "DiscoverResult"),
    ("tools/list", {}, "ListToolsResult"),
    ("tools/call", {"name": "searchDocs", "arguments": {"query": "alarm retries"},
                    "_meta": {"progressToken": "t1", "io.modelcontextprotocol/logLevel": "debug"}}, "CallToolResult"),
    ("tools/call", {"name": "searchDocs", "arguments": {"limit": 500}}, "CallToolResult"),
    ("tools/call", {"name": "getDoc", "arguments": {"id": "limits", "maxChars": 300}}, "CallToolResult"),
    ("tools/call", {"name": "reviewCode", "arguments": {"code": "export class A extends DurableObject { n = 0; async inc() { this.n++; } }"}}, "CallToolResult"),
    ("tools/call", {"name": "reviewCode", "arguments": {"paths": ["/etc"]}}, "CallToolResult"),
    ("tools/call", {"name": "invokeObject", "arguments": {"namespace": "COUNTER", "name": "wire", "method": "increment", "args": {}}}, "CallToolResult"),
    ("tools/call", {"name": "nope"}, "error"),
    ("resources/list", {}, "ListResourcesResult"),
    ("resources/templates/list", {}, "ListResourceTemplatesResult"),
    ("resources/read", {"uri": "kb://docs/alarms"}, "ReadResourceResult"),
    ("resources/read", {"uri": "kb://docs/missing"}, "error"),
    ("prompts/list", {}, "ListPromptsResult"),
    ("prompts/get", {"name": "design-durable-object", "arguments": {"useCase": "chat"}}, "GetPromptResult"),
    ("prompts/get", {"name": "design-durable-object"}, "error"),
    ("ping", {}, "error"),
    ("logging/setLevel", {"level": "debug"}, "error"),
]


@pytest.fixture(scope="module")
def schema():
    path = ROOT.parent / "shared" / "mcp" / f"schema-{VERSION}.json"
    if not path.exists():
        pytest.skip(f"the MCP {VERSION} schema is not at {path}; wire-schema validation skipped")
    return json.loads(path.read_text())


def validator(schema, definition):
    return jsonschema.Draft202012Validator({"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"})


def session_lines():
    lines, expected = [], {}
    for index, (method, params, kind) in enumerate(SESSION):
        params = dict(params)
        params["_meta"] = {**META, **params.get("_meta", {})}
        lines.append(json.dumps({"jsonrpc": "2.0", "id": index + 1, "method": method, "params": params}))
        expected[index + 1] = kind
    unsupported = {**META, "io.modelcontextprotocol/protocolVersion": "2099-01-01"}
    lines.append(json.dumps({"jsonrpc": "2.0", "id": 100, "method": "tools/list", "params": {"_meta": unsupported}}))
    lines.append(json.dumps({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 12345}}))
    return lines, expected


def test_every_message_of_a_stateless_session_validates(binary, tmp_path, schema):
    lines, expected = session_lines()
    process = subprocess.run(
        [binary, "serve", "--data-dir", str(tmp_path / "d"), "--log-level", "debug"],
        input=("\n".join(lines) + "\n").encode(), capture_output=True, timeout=60)
    assert process.returncode == 0, process.stderr.decode()[-2000:]
    messages = [json.loads(line) for line in process.stdout.split(b"\n") if line]

    any_message = validator(schema, "JSONRPCMessage")
    answered, notifications = {}, []
    for message in messages:
        any_message.validate(message)
        if "id" not in message:
            notifications.append(message["method"])
            kind = {"notifications/message": "LoggingMessageNotification", "notifications/progress": "ProgressNotification"}[message["method"]]
            validator(schema, kind).validate(message)
            continue
        answered[message["id"]] = message
        kind = expected.get(message["id"])
        if kind == "error" or message["id"] == 100:
            assert "error" in message, message
            validator(schema, "JSONRPCErrorResponse").validate(message)
        else:
            assert "result" in message, message
            validator(schema, kind).validate(message["result"])
            assert message["result"]["resultType"] == "complete"
            assert message["result"]["_meta"]["io.modelcontextprotocol/serverInfo"]["name"] == "do-architect"
    assert set(answered) == set(expected) | {100}
    assert "roots/list" not in notifications, "no request to a client that declared no roots"
    assert "notifications/progress" in notifications and "notifications/message" in notifications

    unsupported = answered[100]["error"]
    validator(schema, "UnsupportedProtocolVersionError").validate(answered[100])
    assert unsupported["data"]["supported"] == [VERSION]
    missing = next(i for i, (m, p, _) in enumerate(SESSION, 1) if m == "resources/read" and p["uri"].endswith("missing"))
    assert answered[missing]["error"]["code"] == -32602
    by_method = {SESSION[i - 1][0]: answered[i] for i in expected if "result" in answered[i]}
    assert by_method["tools/list"]["result"]["ttlMs"] > 0 and by_method["tools/list"]["result"]["cacheScope"] == "public"
    assert VERSION in by_method["server/discover"]["result"]["supportedVersions"]
    outside = answered[7]["result"]
    assert outside["isError"] is True, "paths outside the working directory and --allow-dir are refused"


def test_tool_order_is_the_same_every_time(binary, tmp_path):
    line = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": META}})
    orders = []
    for run in range(2):
        process = subprocess.run([binary, "serve", "--data-dir", str(tmp_path / f"d{run}"), "--log-level", "error"],
                                 input=(line + "\n").encode(), capture_output=True, timeout=60)
        orders.append([tool["name"] for tool in json.loads(process.stdout.split(b"\n")[0])["result"]["tools"]])
    assert orders[0] == orders[1] and len(orders[0]) >= 10


def test_the_python_client_in_auto_mode_speaks_the_stateless_era(binary, tmp_path):
    import anyio
    from mcp import Client, MCPError, StdioServerParameters

    server = StdioServerParameters(command=binary, args=["serve", "--data-dir", str(tmp_path / "d"), "--log-level", "warning"])

    async def main():
        with anyio.fail_after(30):
            async with Client(server, read_timeout_seconds=30) as client:
                assert client.protocol_version == VERSION
                names = [tool.name for tool in (await client.list_tools()).tools]
                assert "searchDocs" in names
                result = await client.call_tool("searchDocs", {"query": "alarm retries", "limit": 2})
                assert not result.is_error and len(result.structured_content["results"]) == 2
                failed = await client.call_tool("getDoc", {"id": "no-such-doc"})
                assert failed.is_error and failed.structured_content["code"] == "unknownDocument"
                with pytest.raises(MCPError) as missing:
                    await client.read_resource("kb://docs/no-such-doc")
                assert missing.value.code == -32602

    anyio.run(main)
