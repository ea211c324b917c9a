import CJavaScriptCore
import DurableObjects
import JSONModel

extension JSObjectInstance {
    /// The natives behind `ctx.storage` (see `Shim/durable-object-host.js`): synchronous calls into the object's
    /// `ObjectStorage`, so storage never lets another event in (the input gate stays with the running event).
    /// Call only for an object (which has storage).
    func makeNatives() -> JSObjectRef {
        let native = global.makeObject()
        let storage = self.storage!
        func define(_ name: String, _ body: @escaping NativeBody) { global.define(name, global.function(name, body), on: native) }
        define("kvGet") { context, _, arguments in
            guard let value = try storage.get(Self.string(context, arguments, 0)) else { return nil }
            return JSValue.make(context, value)
        }
        define("kvGetMany") { context, _, arguments in
            let keys = try Self.strings(context, arguments, 0)
            return JSValue.make(context, .array(try storage.get(keys).map { [.string($0.key), $0.value] }))
        }
        define("kvPut") { context, _, arguments in
            let value = arguments.count > 1 ? try JSValue.json(context, arguments[1]) : .null
            try storage.put(try Self.string(context, arguments, 0), value, options: Self.writeOptions(context, arguments, 2))
            return nil
        }
        define("kvPutMany") { context, _, arguments in
            guard arguments.count > 0, case .array(let pairs) = try JSValue.json(context, arguments[0]) else {
                throw JSHostError(.invalidArgument, "put() expects an object of entries.", name: "TypeError")
            }
            try storage.put(pairs.compactMap { pair -> (String, JSON?)? in
                guard case .array(let kv) = pair, kv.count == 2, let key = kv[0].stringValue else { return nil }
                return (key, kv[1])
            }, options: Self.writeOptions(context, arguments, 1))
            return nil
        }
        define("kvDelete") { context, _, arguments in
            JSValueMakeBoolean(context, try storage.delete(try Self.string(context, arguments, 0), options: Self.writeOptions(context, arguments, 1)))
        }
        define("kvDeleteMany") { context, _, arguments in
            JSValueMakeNumber(context, Double(try storage.delete(try Self.strings(context, arguments, 0), options: Self.writeOptions(context, arguments, 1))))
        }
        define("kvList") { context, _, arguments in
            let options = arguments.isEmpty ? JSON.null : try JSValue.json(context, arguments[0])
            var list = ListOptions()
            list.start = options["start"]?.stringValue
            list.startAfter = options["startAfter"]?.stringValue
            list.end = options["end"]?.stringValue
            list.prefix = options["prefix"]?.stringValue
            list.reverse = options["reverse"]?.boolValue ?? false
            if let limit = options["limit"], limit != .null {
                // The runtime refuses 0 and negative limits with workerd's message.
                guard let n = limit.number, n.isFinite else {
                    throw JSHostError(.invalidArgument, "List limit must be a number.", name: "TypeError")
                }
                list.limit = Int(n.rounded(.towardZero))
            }
            return JSValue.make(context, .array(try storage.list(list).map { [.string($0.key), $0.value] }))
        }
        define("kvDeleteAll") { context, _, _ in
            JSValueMakeNumber(context, Double(try storage.deleteAll()))
        }
        define("sqlExec") { context, _, arguments in
            let query = try Self.string(context, arguments, 0)
            let bindings = arguments.count > 1 ? try JSValue.json(context, arguments[1]).arrayValue ?? [] : []
            let cursor = try storage.sql.exec(query, bindings: try bindings.map(Self.binding))
            let rows = try cursor.raw()
            let result: JSON = [
                "columns": .array(cursor.columnNames.map { .string($0) }),
                "rows": .array(rows.map { .array($0.map(\.json)) }),
                "rowsRead": .number(Double(cursor.rowsRead)),
                "rowsWritten": .number(Double(cursor.rowsWritten)),
            ]
            return JSValue.make(context, result)
        }
        let objectContext = self.objectContext!
        define("getAlarm") { context, _, _ in
            guard let time = try withParkedIsolation(objectContext, { try $0.getAlarm() }) else { return JSValueMakeNull(context) }
            return JSValueMakeNumber(context, Double(time))
        }
        define("setAlarm") { context, _, arguments in
            let time = arguments.first.map { JSValueToNumber(context, $0, nil) } ?? .nan
            guard time.isFinite else {
                throw JSHostError(.invalidArgument, "setAlarm() expects a time in milliseconds since the epoch or a Date.", name: "TypeError")
            }
            try withParkedIsolation(objectContext) { try $0.setAlarm(Int64(time)) }
            return nil
        }
        define("requestSection") { [unowned self] context, _, arguments in
            JSValueMakeNumber(context, Double(self.requestSection(arguments.first.flatMap { JSValue.text(context, $0) } ?? "")))
        }
        define("rollbackSection") { [unowned self] context, _, arguments in
            let token = arguments.first.map { Int(JSValueToNumber(context, $0, nil)) } ?? 0
            try self.transactions[token]?.rollback()
            return nil
        }
        define("abort") { [unowned self] context, _, arguments in
            let reason = arguments.first.flatMap { JSValueIsUndefined(context, $0) ? nil : JSValue.text(context, $0) }
            let error = try withParkedIsolation(objectContext) { context in
                if let reason { return context.abort(reason) }
                return context.abort()
            }
            self.resetError = error
            throw JSHostError(.exception, error.message)
        }
        define("deleteAlarm") { _, _, _ in
            try withParkedIsolation(objectContext) { try $0.deleteAlarm() }
            return nil
        }
        define("transactionSync") { [unowned self] context, _, arguments in
            guard let callback = arguments.first.flatMap({ JSValueToObject(context, $0, nil) }), JSObjectIsFunction(context, callback) else {
                throw JSHostError(.invalidArgument, "transactionSync() expects a function.", name: "TypeError")
            }
            let value = try storage.transactionSync { try self.global.call(callback, []) }
            return value
        }
        define("databaseSize") { context, _, _ in JSValueMakeNumber(context, Double(try storage.databaseSize)) }
        defineObjectSocketNatives(on: native)
        return native
    }

    private static func string(_ context: JSContextRef, _ arguments: [JSValueRef], _ index: Int) throws -> String {
        guard index < arguments.count, let text = JSValue.text(context, arguments[index]) else {
            throw JSHostError(.invalidArgument, "A key is required.", name: "TypeError")
        }
        return text
    }

    /// `{allowUnconfirmed}` from a write's options argument (other options have no effect on this storage).
    private static func writeOptions(_ context: JSContextRef, _ arguments: [JSValueRef], _ index: Int) -> WriteOptions {
        guard index < arguments.count, JSValueIsObject(context, arguments[index]),
            let flag = JSValue.propertyValue(context, arguments[index], "allowUnconfirmed") else { return WriteOptions() }
        return WriteOptions(allowUnconfirmed: JSValueToBoolean(context, flag))
    }

    private static func strings(_ context: JSContextRef, _ arguments: [JSValueRef], _ index: Int) throws -> [String] {
        guard index < arguments.count, case .array(let items) = try JSValue.json(context, arguments[index]) else {
            throw JSHostError(.invalidArgument, "An array of keys is required.", name: "TypeError")
        }
        return items.map { $0.stringValue ?? $0.textAsWritten }
    }

    private static func binding(_ value: JSON) throws -> SQLBinding {
        switch value {
        case .null: return .null
        case .bool(let b): return .integer(b ? 1 : 0)
        case .int(let i): return .integer(Int64(i))
        case .double(let d): return d.rounded() == d && abs(d) < 9.2e18 ? .integer(Int64(d)) : .real(d)
        case .string(let s): return .text(s)
        case .object where value["$blob"]?.arrayValue != nil:
            return .blob((value["$blob"]?.arrayValue ?? []).map { UInt8(clamping: $0.integer ?? 0) })
        case .array, .object:
            throw JSHostError(.invalidArgument, "Unsupported SQL binding: only numbers, strings, booleans, null and ArrayBuffers (or typed arrays) can be bound.", name: "TypeError")
        }
    }
}
