/// Reads `.dev.vars` the way wrangler does (dotenv syntax): `KEY=value` lines, `#` comments, optional
/// `export `, single- or double-quoted values (double quotes understand `\n`), unquoted values trimmed and cut
/// at ` #`.
enum DotEnv {
    static func parse(_ text: String) -> [(String, String)] {
        var result: [(String, String)] = []
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = Substring(rawLine).drop(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("#") || line.isEmpty { continue }
            if line.hasPrefix("export ") { line = line.dropFirst(7) }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: " \t")
            guard !key.isEmpty else { continue }
            var value = line[line.index(after: equals)...].trimmingCharacters(in: " \t")
            if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", let end = value.dropFirst().firstIndex(of: quote) {
                let inner = String(value[value.index(after: value.startIndex)..<end])
                value = quote == "\"" ? inner.replacingOccurrences(of: "\\n", with: "\n") : inner
            } else if let hash = value.range(of: " #") {
                value = String(value[..<hash.lowerBound]).trimmingCharacters(in: " \t")
            }
            result.append((key, value))
        }
        return result
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
