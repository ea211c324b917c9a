/// One lexical token of TypeScript or JavaScript source.
///
/// Offsets are UTF-8 byte offsets into the file; `line` is 1-based. Comments and whitespace produce no tokens.
package struct Token: Sendable, Equatable {
    package enum Kind: UInt8, Sendable {
        case identifier
        case number
        case string
        /// A template literal without substitutions.
        case template
        /// The part of a template literal up to its first `${`.
        case templateHead
        /// The part between `}` and the next `${`.
        case templateMiddle
        /// The part from the last `}` to the closing backtick.
        case templateTail
        case regex
        case punct
        case jsxText
    }

    package var kind: Kind
    package var text: String
    package var start: Int
    package var end: Int
    package var line: Int
    /// True when a line break separates this token from the previous one (used for automatic semicolons).
    package var newlineBefore: Bool

    package func isPunct(_ p: String) -> Bool { kind == .punct && text == p }
    package func isWord(_ w: String) -> Bool { kind == .identifier && text == w }
    package var isTemplatePiece: Bool {
        kind == .template || kind == .templateHead || kind == .templateMiddle || kind == .templateTail
    }
}

/// A `// do-architect-ignore <ruleId>` directive found in a comment.
package struct IgnoreDirective: Sendable, Equatable {
    package var line: Int
    /// Rule ids named by the directive; empty means every rule.
    package var ruleIds: [String]
}
