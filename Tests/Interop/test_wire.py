"""Every message of a whole raw session validates against the MCP 2025-11-25 schema."""
import json
import subprocess

import jsonschema
import pytest

SESSION = [
    ("initialize", {"protocolVersion": "2025-11-25", "capabilities": {"experimental": {"x/y": {}}}, "clientInfo": {"name": "wire", "version": "1"}}, "InitializeResult"),
    ("notifications/initialized", None, None),
    ("ping", None, "EmptyResult"),
    ("logging/setLevel", {"level": "debug"}, "EmptyResult"),
    ("tools/list", None, "ListToolsResult"),
    ("tools/call", {"name": "searchDocs", "arguments": {"query": "alarm retries"}, "_meta": {"progressToken": "t1"}}, "CallToolResult"),
    ("tools/call", {"name": "docs.search", "arguments": {"query": "zzzz qqqq"}}, "CallToolResult"),
    ("tools/call", {"name": "searchDocs", "arguments": {"limit": 500}}, "CallToolResult"),
    ("tools/call", {"name": "getDoc", "arguments": {"id": "limits", "maxChars": 300}}, "CallToolResult"),
    ("tools/call", {"name": "getDoc", "arguments": {"id": "nope"}}, "CallToolResult"),
    ("tools/call", {"name": "reviewCode", "arguments": {"code": "export class A extends DurableObject { n = 0; async inc() { this.n++; } }"}}, "CallToolResult"),
    ("tools/call", {"name": "reviewCode", "arguments": {"code": "x", "paths": ["/"]}}, "CallToolResult"),
    ("tools/call", {"name": "runWorkload", "arguments": {"namespace": "COUNTER", "requests": 300, "concurrency": 8}, "_meta": {"progressToken": 7}}, "CallToolResult"),
    ("tools/call", {"name": "getDOMetrics", "arguments": {"includeSeries": True}}, "CallToolResult"),
    ("tools/call", {"name": "listNamespaces", "arguments": {}}, "CallToolResult"),
    ("tools/call", {"name": "nope"}, "error"),
    ("resources/list", None, "ListResourcesResult"),
    ("resources/templates/list", None, "ListResourceTemplatesResult"),
    ("resources/read", {"uri": "kb://docs/alarms"}, "ReadResourceResult"),
    ("resources/read", {"uri": "kb://docs/missing"}, "error"),
    ("prompts/list", None, "ListPromptsResult"),
    ("prompts/get", {"name": "design-durable-object", "arguments": {"useCase": "chat"}}, "GetPromptResult"),
    ("prompts/get", {"name": "design-durable-object"}, "error"),
    ("completion/complete", {"ref": {"type": "ref/prompt", "name": "x"}, "argument": {"name": "a", "value": "b"}}, "error"),
]
RAW = ["{not json", "[]", '{"jsonrpc":"2.0","id":null,"method":"ping"}', '{"jsonrpc":"2.0","id":99,"params":{}}']


def validator(schema, definition):
    resolver_schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    return jsonschema.Draft202012Validator(resolver_schema)


def test_every_message_of_a_session_validates(binary, tmp_path, spec_schema):
    lines, expected = [], {}
    for index, (method, params, result_type) in enumerate(SESSION):
        message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        if result_type is not None:
            message["id"] = index + 1
            expected[index + 1] = result_type
        lines.append(json.dumps(message))
    lines += RAW
    process = subprocess.run(
        [binary, "serve", "--data-dir", str(tmp_path / "d"), "--log-level", "debug"],
        input=("\n".join(lines) + "\n").encode(), capture_output=True, timeout=60)
    assert process.returncode == 0, process.stderr.decode()[-2000:]
    out = process.stdout.split(b"\n")
    messages = [json.loads(line) for line in out if line]
    assert messages, "no output"

    any_message = validator(spec_schema, "JSONRPCMessage")
    answered = set()
    unanswerable = 0
    for message in messages:
        # No exceptions: an error whose request id cannot be read leaves `id` out (the schema has no null id).
        any_message.validate(message)
        if "error" in message and "id" not in message:
            assert message["error"]["code"] in (-32700, -32600)
            unanswerable += 1
            continue
        if "id" not in message:
            kind = {"notifications/message": "LoggingMessageNotification", "notifications/progress": "ProgressNotification"}[message["method"]]
            validator(spec_schema, kind).validate(message)
            continue
        answered.add(message["id"])
        kind = expected.get(message["id"])
        if kind == "error":
            validator(spec_schema, "JSONRPCErrorResponse").validate(message)
        elif kind:
            assert "result" in message, message
            validator(spec_schema, kind).validate(message["result"])
    assert answered == set(expected) | {99}
    assert unanswerable == 3
