/// Classes: name, heritage, fields and members.
extension StructureParser {
    mutating func findClasses() {
        var byNameToken: [Int: Int] = [:]
        for (index, f) in unit.functions.enumerated() { byNameToken[f.nameToken] = index }
        var classes: [ClassNode] = []
        for i in tokens.indices where tokens[i].isWord("class") && !unit.isPunct(i - 1, ".") && !tooDeep(i) {
            var j = i + 1
            var name = ""
            var nameToken = i
            if let t = unit.token(j), t.kind == .identifier, t.text != "extends", t.text != "implements" {
                name = t.text
                nameToken = j
                j += 1
            }
            var superclass = ""
            var implements: [String] = []
            var mode = ""
            var steps = 0
            // Depth of type arguments: `extends Agent<Env, { count: number }>` has a `{` that is not the body.
            var angles = 0
            while j < tokens.count, angles > 0 || !tokens[j].isPunct("{"), steps < 512 {
                let t = tokens[j]
                if t.kind == .punct {
                    if t.text == "<" { angles += 1 } else if t.text.allSatisfy({ $0 == ">" }) { angles = max(0, angles - t.text.count) }
                }
                if angles > 0, t.isPunct("{") {
                    if mode == "extends" { superclass += "{…}" }
                    j = unit.skip(j)
                    steps += 1
                    continue
                }
                if t.isWord("extends") { mode = "extends" } else if t.isWord("implements") { mode = "implements" } else if mode == "extends" {
                    superclass += t.text
                } else if mode == "implements", t.kind == .identifier {
                    if !unit.isPunct(j - 1, ".") { implements.append(t.text) } else if let last = implements.popLast() {
                        implements.append(last + "." + t.text)
                    }
                }
                if t.isPunct(";") { break }
                j = t.isPunct("(") || t.isPunct("[") ? unit.skip(j) : j + 1
                steps += 1
            }
            guard unit.isPunct(j, "{") else { continue }
            let body = unit.inside(j)
            let exported = unit.isWord(i - 1, "export") || (unit.isWord(i - 1, "default") && unit.isWord(i - 2, "export"))
            if name.isEmpty, unit.isPunct(i - 1, "="), let n = unit.token(i - 2), n.kind == .identifier {
                name = n.text  // const Foo = class { ... }
            }
            var node = ClassNode(name: name, nameToken: nameToken, superclass: superclass, implements: implements,
                                 body: body, isExported: exported, fields: [], members: [], constructorIndex: nil)
            parseMembers(of: &node, classIndex: classes.count, byNameToken: byNameToken)
            classes.append(node)
        }
        unit.classes = classes
    }

    mutating func parseMembers(of node: inout ClassNode, classIndex: Int, byNameToken: [Int: Int]) {
        var i = node.body.lowerBound
        let end = node.body.upperBound
        while i < end {
            let t = tokens[i]
            if t.isPunct(";") || t.isPunct(",") { i += 1; continue }
            if t.isPunct("@") {  // decorator
                i += 1
                while i < end, tokens[i].kind == .identifier || tokens[i].isPunct(".") { i += 1 }
                if i < end, tokens[i].isPunct("(") { i = unit.skip(i) }
                continue
            }
            if t.isWord("static"), unit.isPunct(i + 1, "{") { i = unit.skip(i + 1); continue }
            var isStatic = false
            var isReadonly = false
            var j = i
            while j < end, tokens[j].kind == .identifier, Self.modifiers.contains(tokens[j].text),
                  let next = unit.token(j + 1), next.kind == .identifier || next.isPunct("[") || next.isPunct("*") {
                if tokens[j].text == "static" { isStatic = true }
                if tokens[j].text == "readonly" { isReadonly = true }
                j += 1
            }
            if j < end, tokens[j].isPunct("*") { j += 1 }
            guard j < end else { break }
            let nameIndex = j
            if let f = byNameToken[nameIndex], unit.functions[f].kind != .arrow {
                unit.functions[f].classIndex = classIndex
                node.members.append(f)
                if unit.functions[f].kind == .constructor { node.constructorIndex = f }
                i = min(unit.functions[f].body.upperBound + 1, end)
                continue
            }
            if tokens[j].isPunct("[") { j = unit.skip(j) } else { j += 1 }  // name (or computed name)
            if j < end, tokens[j].isPunct("?") || tokens[j].isPunct("!") { j += 1 }
            if j < end, tokens[j].isPunct("(") || tokens[j].isPunct("<") {
                // A method signature without a body (overload or abstract): skip to its end.
                i = max(j + 1, fieldEnd(from: j, end: end))
                continue
            }
            var type: Range<Int>?
            var initializer: Range<Int>?
            if j < end, tokens[j].isPunct(":") {
                let typeStart = j + 1
                var k = typeStart
                while k < end, !tokens[k].isPunct("="), !tokens[k].isPunct(";"),
                      !(k > typeStart && tokens[k].newlineBefore && !Self.continuation.contains(tokens[k - 1].text)) {
                    k = unit.skip(k)
                }
                type = typeStart..<min(k, end)
                j = k
            }
            if j < end, tokens[j].isPunct("=") {
                let stop = fieldEnd(from: j + 1, end: end)
                initializer = (j + 1)..<stop
                j = stop
                // An arrow-function field becomes a member function named after the field.
                if let f = byNameToken[nameIndex], unit.functions[f].kind == .arrow {
                    unit.functions[f].classIndex = classIndex
                    unit.functions[f].isStatic = isStatic
                    unit.functions[f].isPrivate = tokens[nameIndex].text.hasPrefix("#")
                        || (i..<nameIndex).contains { tokens[$0].text == "private" || tokens[$0].text == "protected" }
                    node.members.append(f)
                }
            }
            if tokens[nameIndex].kind == .identifier {
                node.fields.append(FieldNode(name: tokens[nameIndex].text, nameToken: nameIndex, isStatic: isStatic,
                                             isReadonly: isReadonly, type: type, initializer: initializer))
            }
            i = max(j, i + 1)
        }
    }

    func fieldEnd(from start: Int, end: Int) -> Int {
        var k = start
        while k < end {
            let t = tokens[k]
            if t.isPunct(";") { return k }
            if k > start, t.newlineBefore {
                let p = tokens[k - 1]
                let continues = (p.kind == .punct && Self.continuation.contains(p.text))
                    || (t.kind == .punct && Self.continuation.contains(t.text) && t.text != "[" && t.text != "(")
                if !continues { return k }
            }
            k = unit.skip(k)
        }
        return min(k, end)
    }
}
