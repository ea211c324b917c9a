"""The Python peer of `do-architect bench search`: the official MCP SDK's high-level server (MCPServer) with one
tool, searchDocs, answering the same kind of SQLite FTS5 query over the same Knowledge/ folder.

Usage: python peer_search_server.py KNOWLEDGE_DIR   (speaks MCP on stdio)

Like do-architect, it indexes one row per section (title, heading, body, tags; porter/unicode61 tokenizer, prefix
indexes), ranks with weighted BM25, keeps the best section per doc and returns a snippet per result. It is a fair
peer for the protocol path, not a copy of our ranking.
"""
import pathlib
import re
import sqlite3
import sys

from mcp.server import MCPServer

STOP = set("a an the is are was were be to of in on at for with and or but if my i it this that how what why when "
           "where which can do does you your we from by as about any some all have has not use using".split())
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def load(folder: pathlib.Path) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute("CREATE VIRTUAL TABLE sections USING fts5(doc, title, heading, body, tags, url,"
               " tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3 4')")
    for path in sorted(folder.glob("*.md")):
        text = path.read_text()
        front, body = {}, text
        if text.startswith("---\n"):
            end = text.index("\n---\n", 4)
            for line in text[4:end].splitlines():
                key, _, value = line.partition(":")
                front[key.strip()] = value.strip().strip("\"'")
            body = text[end + 5:]
        doc = front.get("id", path.stem)
        title = front.get("title", doc)
        tags = front.get("tags", "").strip("[]").replace(",", " ")
        first_source = re.search(r"https://\S+", text[:text.find("\n---\n", 4)])
        url = first_source.group(0) if first_source else ""
        heading, lines = title, []
        for line in body.splitlines() + ["## "]:
            if line.startswith("## "):
                if lines:
                    db.execute("INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?)", (doc, title, heading, "\n".join(lines), tags, url))
                heading, lines = line[3:].strip(), []
            else:
                lines.append(line)
    return db


DB = load(pathlib.Path(sys.argv[1]))
server = MCPServer("peer-search", version="1.0")


@server.tool(description="Search the Durable Objects knowledge base.")
def searchDocs(query: str, limit: int = 5) -> dict:
    terms = [w for w in WORD.findall(query.lower()) if w not in STOP][:32] or WORD.findall(query.lower())
    if not terms:
        return {"query": query, "results": []}
    match = " OR ".join(f'"{t}"*' for t in terms)
    rows = DB.execute(
        "SELECT doc, title, heading, url, bm25(sections, 0, 3.0, 8.0, 1.0, 2.0, 0) AS rank,"
        " snippet(sections, 3, '**', '**', '…', 24) FROM sections WHERE sections MATCH ? ORDER BY rank LIMIT ?",
        (match, limit * 4)).fetchall()
    results, seen = [], set()
    for doc, title, heading, url, rank, snippet in rows:
        if doc in seen:
            continue
        seen.add(doc)
        results.append({"id": doc, "title": title, "section": heading, "snippet": snippet, "score": round(-rank, 2),
                        "uri": f"kb://docs/{doc}", "url": url})
        if len(results) == limit:
            break
    return {"query": query, "results": results}


if __name__ == "__main__":
    server.run("stdio")
