import Foundation

/// `storage-in-constructor`: asynchronous storage access in a Durable Object constructor outside
/// `blockConcurrencyWhile`, where requests may run before it finishes.
struct StorageInConstructorRule: Rule {
    static let info = RuleInfo(
        id: "storage-in-constructor", severity: .error, title: "Storage access in the constructor outside blockConcurrencyWhile",
        summary: "An asynchronous storage call (get, put, list, transaction, alarms) in a Durable Object constructor, or a call from the constructor to a method that makes one (async, or plain and dropping the promise), not wrapped in ctx.blockConcurrencyWhile.",
        notFlagged: "Storage calls inside a blockConcurrencyWhile callback; synchronous SQL (sql.exec) and ctx.storage.kv, which complete before the constructor returns; callbacks the constructor only registers.",
        topics: ["constructor-initialization", "lifecycle", "input-output-gates"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        for d in analysis.doClasses {
            let unit = analysis.units[d.unit]
            guard let ctor = unit.classes[d.index].constructorIndex else { continue }
            let name = analysis.className(d)
            for call in unit.calls(in: unit.functions[ctor].body) where unit.isDirectlyIn(call.open, function: ctor) {
                var what: String?
                if unit.isAsyncStorageCall(call) {
                    what = "`\(call.path.joined(separator: "."))()`"
                } else if call.path.count == 2, call.path[0] == "this", let m = d.members[call.path[1]], m != ctor,
                          // An async method's storage calls, or a plain method's, whose promises it starts and drops.
                          unit.calls(in: unit.functions[m].body).contains(where: { c in
                              unit.isAsyncStorageCall(c) && (unit.functions[m].isAsync || unit.function(at: c.open) == m)
                          }) {
                    what = "`this.\(call.path[1])()`, which reads or writes storage,"
                }
                guard let what else { continue }
                sink.add(Self.info, unit, from: call.calleeStart, to: call.close,
                         message: "Constructor of `\(name)` calls \(what) outside `blockConcurrencyWhile`: requests can run before it completes and see uninitialised state.",
                         fix: "Wrap the initialisation so no request runs until it finishes:\nctx.blockConcurrencyWhile(async () => {\n  await \(unit.text(call.calleeStart..<(call.close + 1)))  // assign what it returns to your fields here\n});")
            }
        }
    }
}
