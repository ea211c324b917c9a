"""Shared fixtures for the interop tests: the built binary and a fresh data directory."""
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def binary() -> str:
    path = os.environ.get("DO_ARCHITECT_BIN") or str(ROOT / ".build" / "debug" / "do-architect")
    if not os.access(path, os.X_OK):
        pytest.fail(f"the do-architect binary is missing at {path}: run `swift build` first (scripts/test.sh does)")
    return path


@pytest.fixture()
def data_dir(tmp_path) -> str:
    return str(tmp_path / "data")


@pytest.fixture(scope="session")
def spec_schema():
    """The MCP 2025-11-25 JSON Schema from ../shared; the wire tests skip, saying so, where it is absent."""
    path = ROOT.parent / "shared" / "mcp" / "schema-2025-11-25.json"
    if not path.exists():
        pytest.skip(f"the MCP spec schema is not at {path}; wire-schema validation skipped")
    import json
    return json.loads(path.read_text())


@pytest.fixture(scope="session")
def tool_schemas():
    import json
    schemas = {}
    for path in sorted((ROOT / "Schemas").glob("*.json")):
        name, kind, _ = path.name.split(".")
        schemas.setdefault(name, {})[kind] = json.loads(path.read_text())
    return schemas
