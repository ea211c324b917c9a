/// How sure the reviewer is that a finding is a real fault.
///
/// `high`: the pattern leaves no room (an unguarded `send()` in a loop over sockets). `medium`: the usual case,
/// where the code around it could still make it safe. `low`: the reviewer could not tell, or the rule has not
/// earned trust on real code yet; low findings are hidden unless a request asks for them with
/// `minConfidence: low`.
package enum Confidence: String, Codable, Sendable, CaseIterable, Comparable {
    case high, medium, low

    private var rank: Int { self == .high ? 2 : self == .medium ? 1 : 0 }
    package static func < (a: Confidence, b: Confidence) -> Bool { a.rank < b.rank }

    /// The lower of two confidences.
    package func capped(at cap: Confidence) -> Confidence { Swift.min(self, cap) }
}
