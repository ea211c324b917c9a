import JSONModel
import Testing

struct JSONSchemaValidatorTests {
    static let schema: JSON = [
        "type": "object",
        "properties": [
            "query": ["type": "string", "minLength": 1, "maxLength": 5, "description": "What to find."],
            "limit": ["type": "integer", "minimum": 1, "maximum": 20],
            "mode": ["type": "string", "enum": ["fast", "slow"]],
            "tags": ["type": "array", "items": ["type": "string"], "maxItems": 2],
            "file": ["type": "object", "properties": ["path": ["type": "string"]], "required": ["path"], "additionalProperties": false],
        ],
        "required": ["query"],
        "additionalProperties": false,
    ]

    static let cases: [(JSON, String?)] = [
        (["query": "abc"], nil),
        (["query": "abc", "limit": 5.0], nil),
        ([:], "`query` is required: a string. What to find."),
        (["query": 5], "`query` must be a string, got a number (5)."),
        (["query": ""], "`query` must not be empty."),
        (["query": "abcdef"], "`query` must be at most 5 characters long; got 6."),
        (["query": "a", "limit": 0], "`limit` must be at least 1; got 0."),
        (["query": "a", "limit": 21], "`limit` must be at most 20; got 21."),
        (["query": "a", "limit": 1.5], "`limit` must be an integer, got a number (1.5)."),
        (["query": "a", "mode": "medium"], "`mode` must be one of \"fast\", \"slow\"; got \"medium\"."),
        (["query": "a", "tags": ["x", 1]], "`tags[1]` must be a string, got a number (1)."),
        (["query": "a", "tags": ["x", "y", "z"]], "`tags` must have at most 2 items; got 3."),
        (["query": "a", "file": [:]], "`file.path` is required: a string."),
        (["query": "a", "file": ["path": "p", "x": 1]], "Unknown property `x` in `file`. Allowed: `path`."),
        (["query": "a", "extra": true], "Unknown property `extra`. Allowed: `file`, `limit`, `mode`, `query`, `tags`."),
    ]

    @Test(arguments: cases)
    func reportsWhatToFix(value: JSON, expected: String?) {
        let violations = JSONSchemaValidator(schema: Self.schema).violations(of: value)
        #expect(violations.first?.message == expected)
    }

    @Test func rootTypeMismatchNamesTheArguments() {
        let violations = JSONSchemaValidator(schema: Self.schema).violations(of: .array([]))
        #expect(violations.map(\.message) == ["The arguments must be an object, got an array of 0 item(s)."])
    }
}
