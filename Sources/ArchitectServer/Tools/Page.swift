import JSONModel

/// One page of a long list in a tool result: at most the caller's count from `offset`, and no more items than fit
/// in ``ToolResult/pageBytes`` beside the rest of the result (always at least one, so that paging moves on).
///
/// The result then carries `total`, `truncated` and `nextOffset`, the `offset` of the call that returns the next
/// page (nil on the last); `docs/mcp-layer.md` states the rule.
struct Page<Item: Encodable> {
    var items: [Item]
    /// Items in the whole list.
    var total: Int
    /// Where the next page starts, nil on the last page.
    var nextOffset: Int?
    var truncated: Bool { nextOffset != nil }

    /// The page of `window`, the items the engine returned from `offset` of a list of `total`.
    /// - Parameter otherBytes: about how many bytes the rest of the result takes.
    init(window: [Item], offset: Int, total: Int, otherBytes: Int) throws {
        let encoder = JSONValueEncoder()
        var used = otherBytes + 60  // room for total, truncated and nextOffset
        var kept = 0
        for item in window {
            let size = JSONWriter.encode(try encoder.encode(item)).count + 1
            if kept > 0, used + size > ToolResult.pageBytes { break }
            used += size
            kept += 1
        }
        items = Array(window.prefix(kept))
        self.total = total
        nextOffset = offset + kept < total ? offset + kept : nil
    }

    /// The page of the whole list `all`: at most `limit` items from `offset`.
    init(_ all: [Item], offset: Int, limit: Int, otherBytes: Int) throws {
        try self.init(window: Array(all.dropFirst(max(0, offset)).prefix(max(0, limit))), offset: max(0, offset), total: all.count, otherBytes: otherBytes)
    }
}
