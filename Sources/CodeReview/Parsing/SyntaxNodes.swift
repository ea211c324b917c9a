/// A function-like node: a function declaration or expression, a method, a constructor, an accessor or an arrow.
package struct FunctionNode: Sendable {
    package enum Kind: Sendable { case function, method, constructor, arrow, getter, setter }

    /// The declared name, the name of the binding or field it is assigned to, or `""`.
    package var name: String
    package var kind: Kind
    package var isAsync: Bool
    package var isStatic: Bool
    /// `private`, `protected` or a `#name`.
    package var isPrivate: Bool
    /// Token of the name (or of `function` / `=>` for anonymous functions).
    package var nameToken: Int
    /// First token of the whole function (`async`, `function`, the name, or an arrow's parameters).
    package var head: Int
    /// Tokens of the parameter list, without the parentheses.
    package var params: Range<Int>
    /// Tokens of the body, without the braces; for an arrow with an expression body, the expression.
    package var body: Range<Int>
    package var hasBlockBody: Bool
    /// The class whose member this is, when it is a direct class member.
    package var classIndex: Int?
    /// The innermost function that contains this one.
    package var parent: Int?
}

/// A class field, declared in the class body.
package struct FieldNode: Sendable {
    package var name: String
    package var nameToken: Int
    package var isStatic: Bool
    package var isReadonly: Bool
    /// Tokens of the type annotation, if any.
    package var type: Range<Int>?
    /// Tokens of the initializer, if any.
    package var initializer: Range<Int>?
}

/// A class declaration or expression.
package struct ClassNode: Sendable {
    package var name: String
    package var nameToken: Int
    /// The `extends` expression as written (`DurableObject<Env>`), or `""`.
    package var superclass: String
    package var implements: [String]
    package var body: Range<Int>
    package var isExported: Bool
    package var fields: [FieldNode]
    /// Indices into `SourceUnit.functions` of the direct members (methods, accessors, arrow fields, constructor).
    package var members: [Int]
    package var constructorIndex: Int?
}

/// A call or `new` expression.
package struct CallSite: Sendable {
    /// Index of the `(` token.
    package var open: Int
    /// Index of the matching `)` token.
    package var close: Int
    /// The member chain of the callee, such as `["this", "ctx", "storage", "get"]`; an intermediate call
    /// appears as `"()"` and an element access as `"[]"`.
    package var path: [String]
    /// First token of the callee chain.
    package var calleeStart: Int
    package var isNew: Bool

    package var name: String { path.last ?? "" }
    package func has(_ segment: String) -> Bool { path.contains(segment) }
}
