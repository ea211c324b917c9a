/// A cheap closeness score between a typed word and a known word, for "did you mean" suggestions.
enum Similarity {
    /// 3 when one is a prefix of the other (4+ letters), 2 within edit distance 1, 1 within distance 2, else 0.
    static func score(_ typed: String, _ known: String) -> Int {
        let a = Array(typed.lowercased()), b = Array(known.lowercased())
        if a.isEmpty || b.isEmpty { return 0 }
        if min(a.count, b.count) >= 4, a.starts(with: b.prefix(a.count)) || b.starts(with: a.prefix(b.count)) { return 3 }
        if abs(a.count - b.count) > 2 { return 0 }
        let distance = editDistance(a, b, cap: 3)
        return distance <= 1 ? 2 : (distance == 2 && a.count >= 5 ? 1 : 0)
    }

    static func editDistance(_ a: [Character], _ b: [Character], cap: Int) -> Int {
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            var rowMinimum = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum >= cap { return cap }
            previous = current
        }
        return previous[b.count]
    }
}
