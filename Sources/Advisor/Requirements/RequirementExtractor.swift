import Foundation

/// Reads numbers with units and workload keywords out of a free-text description.
///
/// Recognised: counts with a noun ("50k users", "5,000 rooms", "1M posts"), rates ("2000 rps", "100 requests per
/// minute", "5,000 increments per second", "every 10 seconds"), sizes ("10 GB", "200 MB per tenant"), durations ("30
/// days", "10 ms") and "per X" qualifiers. Multipliers k/m/b, thousand/million/billion and thousands separators are
/// understood. Nothing is guessed here: the advisor decides what a quantity means for the design and says so.
package struct RequirementExtractor: Sendable {
    package init() {}

    /// The quantities and signals found in `text`.
    package func extract(from text: String) -> (quantities: [ExtractedQuantity], signals: [Signal]) {
        (quantities(in: text), signals(in: text))
    }

    // MARK: - Signals

    /// The signals whose phrases occur in `text`, sorted.
    package func signals(in text: String) -> [Signal] {
        let lower = " " + Self.normalized(text) + " "
        return Signal.allCases.filter { signal in
            signal.phrases.contains { Self.contains(lower, phrase: $0) }
                && !signal.negations.contains { Self.contains(lower, phrase: $0) }
        }
    }

    /// Lower case with typographic apostrophes and dashes made plain.
    static func normalized(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "\u{2019}", with: "'").replacingOccurrences(of: "\u{2013}", with: "-")
    }

    /// True when `phrase` occurs at a word start; `*` at its end allows any word ending, otherwise an optional
    /// plural "s" is allowed.
    static func contains(_ text: String, phrase: String) -> Bool {
        let open = phrase.hasSuffix("*")
        let core = open ? String(phrase.dropLast()) : phrase
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: core, range: searchRange) {
            let before = found.lowerBound == text.startIndex ? " " : text[text.index(before: found.lowerBound)]
            let startOK = !(before.isLetter || before.isNumber)
            var end = found.upperBound
            if !open, end < text.endIndex, text[end] == "s" { end = text.index(after: end) }
            let after = end < text.endIndex ? text[end] : " "
            let endOK = open || !(after.isLetter || after.isNumber)
            if startOK && endOK { return true }
            searchRange = text.index(after: found.lowerBound)..<text.endIndex
        }
        return false
    }

    // MARK: - Quantities

    private static let number = try! NSRegularExpression(
        pattern: #"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(k|m|b|bn|thousand|million|billion)(?![a-z]))?"#)

    private static let multipliers: [String: Double] = [
        "k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9,
    ]
    private static let byteUnits: [String: Double] = [
        "b": 1, "byte": 1, "bytes": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
        "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776,
    ]
    private static let periods: [String: Double] = [
        "s": 1, "sec": 1, "second": 1, "seconds": 1, "min": 60, "minute": 60, "minutes": 60, "hour": 3_600, "hr": 3_600,
        "hours": 3_600, "day": 86_400, "days": 86_400, "week": 604_800, "month": 2_592_000, "year": 31_536_000,
    ]
    private static let directRates: Set<String> = ["rps", "qps", "tps", "wps", "req/s", "requests/s", "ops/s", "msg/s", "writes/s", "reads/s"]
    private static let compoundHeads: Set<String> = [
        "key", "submission", "device", "embedding", "url", "view", "event", "request", "message", "user", "room", "document",
        "write", "read", "update", "increment", "call", "connection", "player", "tenant", "customer", "account", "file",
    ]
    private static let fillers: Set<String> = ["concurrent", "active", "simultaneous", "peak", "daily", "monthly", "new", "total", "live", "online", "connected", "up", "to", "about", "of"]

    /// Every number with what follows it interpreted.
    package func quantities(in text: String) -> [ExtractedQuantity] {
        let lower = Self.normalized(text)
        let ns = lower as NSString
        var found: [ExtractedQuantity] = []
        for match in Self.number.matches(in: lower, range: NSRange(location: 0, length: ns.length)) {
            let digits = ns.substring(with: match.range(at: 1)).replacingOccurrences(of: ",", with: "")
            guard var value = Double(digits) else { continue }
            if match.range(at: 2).location != NSNotFound {
                value *= Self.multipliers[ns.substring(with: match.range(at: 2))] ?? 1
            }
            let tailStart = match.range.location + match.range.length
            let tail = ns.substring(with: NSRange(location: tailStart, length: min(80, ns.length - tailStart)))
            let words = Self.words(tail)
            let before = ns.substring(with: NSRange(location: max(0, match.range.location - 12), length: min(12, match.range.location)))
            let sentence = Self.sentence(before: match.range.location, in: ns)
            if let quantity = interpret(value: value, words: words, everyBefore: before.hasSuffix("every ")) {
                var q = quantity
                if q.quantity.kind == .bytes, q.quantity.per == nil, Self.contains(" " + sentence, phrase: "each") {
                    q.quantity.per = "entity"
                }
                let consumed = Self.consumedText(tail, words: q.textWordCount)
                q.quantity.text = (ns.substring(with: match.range) + consumed).trimmingCharacters(in: .whitespaces)
                found.append(q.quantity)
            }
        }
        return found
    }

    /// The text from the start of the sentence holding `location` up to it.
    private static func sentence(before location: Int, in text: NSString) -> String {
        let head = text.substring(to: location)
        let breaks = head.lastIndex(where: { $0 == "." || $0 == ";" || $0 == "\n" || $0 == ":" })
        return breaks.map { String(head[head.index(after: $0)...]) } ?? head
    }

    private struct Interpreted {
        var quantity: ExtractedQuantity
        var textWordCount: Int
    }

    /// Splits into words, keeping "/" forms such as "req/s" together and stopping at a sentence break.
    private static func words(_ tail: String) -> [String] {
        var out: [String] = []
        for raw in tail.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
            var word = String(raw)
            let stop = word.hasSuffix(",") || word.hasSuffix(";") || word.hasSuffix(".") || word.hasSuffix(":") || word.hasSuffix(")")
            word = word.trimmingCharacters(in: CharacterSet(charactersIn: ",;.:()\"'"))
            if !word.isEmpty { out.append(word) }
            if stop || out.count >= 8 { break }
        }
        return out
    }

    private static func consumedText(_ tail: String, words count: Int) -> String {
        guard count > 0 else { return "" }
        var seen = 0
        var end = tail.startIndex
        var inWord = false
        for index in tail.indices {
            let isSpace = tail[index] == " "
            if !isSpace && !inWord { inWord = true }
            if isSpace && inWord {
                inWord = false
                seen += 1
                if seen == count { end = index; break }
            }
            end = tail.index(after: index)
        }
        return String(tail[..<end]).trimmingCharacters(in: CharacterSet(charactersIn: ",;.: "))
    }

    private func interpret(value: Double, words: [String], everyBefore: Bool) -> Interpreted? {
        guard let first = words.first else { return nil }
        // "every 10 seconds": a period, i.e. a rate of 1/period.
        if everyBefore, let period = Self.periods[first] {
            return Interpreted(quantity: ExtractedQuantity(text: "", kind: .rate, value: 1 / (value * period), noun: "event", per: "entity"), textWordCount: 1)
        }
        if let scale = Self.byteUnits[first], first != "b" || value < 1e6 {
            let per = Self.perTarget(words, from: 1)
            return Interpreted(quantity: ExtractedQuantity(text: "", kind: .bytes, value: value * scale, per: per.noun), textWordCount: 1 + per.words)
        }
        if first == "ms" || first.hasPrefix("millisecond") {
            let per = Self.perTarget(words, from: 1)
            return Interpreted(quantity: ExtractedQuantity(text: "", kind: .milliseconds, value: value, per: per.noun), textWordCount: 1 + per.words)
        }
        if first == "day" || first == "days" {
            return Interpreted(quantity: ExtractedQuantity(text: "", kind: .days, value: value), textWordCount: 1)
        }
        if ["s", "sec", "second", "seconds"].contains(first) {
            return Interpreted(quantity: ExtractedQuantity(text: "", kind: .seconds, value: value), textWordCount: 1)
        }
        if first == "minutes" || first == "hours" || first == "weeks" || first == "months" || first == "years" {
            let seconds = value * (Self.periods[String(first.dropLast())] ?? Self.periods[first] ?? 1)
            if first == "months" || first == "years" || first == "weeks" {
                return Interpreted(quantity: ExtractedQuantity(text: "", kind: .days, value: seconds / 86_400), textWordCount: 1)
            }
            return Interpreted(quantity: ExtractedQuantity(text: "", kind: .seconds, value: seconds), textWordCount: 1)
        }
        if Self.directRates.contains(first) {
            let per = Self.perTarget(words, from: 1)
            return Interpreted(quantity: ExtractedQuantity(text: "", kind: .rate, value: value, noun: "requests", per: per.noun), textWordCount: 1 + per.words)
        }
        // "<noun> [per|/|a] <period> [per <thing>]" or "<noun> per <thing>" or "<noun>".
        var index = 0
        while index < words.count - 1, Self.fillers.contains(words[index]) { index += 1 }
        var noun = words[index]
        // "msg/min", "requests/s"
        if let slash = noun.firstIndex(of: "/") {
            let unit = String(noun[noun.index(after: slash)...])
            let base = String(noun[..<slash])
            if let period = Self.periods[unit] {
                let per = Self.perTarget(words, from: index + 1)
                return Interpreted(
                    quantity: ExtractedQuantity(text: "", kind: .rate, value: value / period, noun: Self.singular(base), per: per.noun),
                    textWordCount: index + 1 + per.words)
            }
            noun = base
        }
        guard noun.first?.isLetter == true else { return nil }
        var next = index + 1
        // Compound nouns: "api keys", "score submissions", "iot devices", "document embeddings".
        if next < words.count, Self.compoundHeads.contains(Self.singular(words[next])) {
            noun = words[next]
            next += 1
        }
        if next < words.count, ["per", "a", "an", "each", "every", "/"].contains(words[next]), next + 1 < words.count,
           let period = Self.periods[words[next + 1]] {
            next += 2
            let per = Self.perTarget(words, from: next)
            return Interpreted(
                quantity: ExtractedQuantity(text: "", kind: .rate, value: value / period, noun: Self.singular(noun), per: per.noun),
                textWordCount: next + per.words)
        }
        let per = Self.perTarget(words, from: next)
        return Interpreted(
            quantity: ExtractedQuantity(text: "", kind: .count, value: value, noun: Self.singular(noun), per: per.noun),
            textWordCount: next + per.words)
    }

    /// "per room", "in each room", "for every tenant", "each" → the thing, and how many words it took.
    private static func perTarget(_ words: [String], from start: Int) -> (noun: String?, words: Int) {
        guard start < words.count else { return (nil, 0) }
        let word = words[start]
        if word == "per" || word == "each" && start + 1 < words.count && words[start + 1] != "and" {
            if start + 1 < words.count, words[start + 1] != "second", periods[words[start + 1]] == nil {
                return (singular(words[start + 1]), 2)
            }
            return word == "each" ? ("entity", 1) : (nil, 0)
        }
        if word == "each" { return ("entity", 1) }
        if ["in", "of", "for"].contains(word), start + 2 < words.count, ["each", "every", "a", "one"].contains(words[start + 1]) {
            return (singular(words[start + 2]), 3)
        }
        return (nil, 0)
    }

    /// "rooms" → "room", "matches" → "match", "entries" → "entry"; other words unchanged.
    static func singular(_ word: String) -> String {
        if word.hasSuffix("ies"), word.count > 4 { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("ches") || word.hasSuffix("shes") || word.hasSuffix("sses") || word.hasSuffix("xes") { return String(word.dropLast(2)) }
        if word.hasSuffix("s"), !word.hasSuffix("ss"), word.count > 3 { return String(word.dropLast()) }
        return word
    }
}
