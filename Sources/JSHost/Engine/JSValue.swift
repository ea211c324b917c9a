import CJavaScriptCore
import DurableObjects
import JSONModel

/// Conversions between JavaScriptCore values and Swift values. Every function runs on the context's thread.
enum JSValue {
    static func string(_ text: String) -> JSStringRef { JSStringCreateWithUTF8CString(text)! }

    static func makeString(_ context: JSContextRef, _ text: String) -> JSValueRef {
        let string = self.string(text)
        defer { JSStringRelease(string) }
        return JSValueMakeString(context, string)!
    }

    static func swiftString(_ string: JSStringRef) -> String {
        let count = JSStringGetLength(string)
        guard let chars = JSStringGetCharactersPtr(string) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: chars, count: count), as: UTF16.self)
    }

    /// The value as text (`String(value)` in JavaScript); `nil` if the conversion threw.
    static func text(_ context: JSContextRef, _ value: JSValueRef) -> String? {
        var exception: JSValueRef?
        guard let string = JSValueToStringCopy(context, value, &exception) else { return nil }
        defer { JSStringRelease(string) }
        return swiftString(string)
    }

    static func property(_ context: JSContextRef, _ object: JSValueRef, _ name: String) -> JSObjectRef? {
        guard let value = propertyValue(context, object, name), JSValueIsObject(context, value) else { return nil }
        return JSValueToObject(context, value, nil)
    }

    static func propertyValue(_ context: JSContextRef, _ object: JSValueRef, _ name: String) -> JSValueRef? {
        guard JSValueIsObject(context, object), let object = JSValueToObject(context, object, nil) else { return nil }
        let key = string(name)
        defer { JSStringRelease(key) }
        var exception: JSValueRef?
        let value = JSObjectGetProperty(context, object, key, &exception)
        return exception == nil ? value : nil
    }

    static func setProperty(_ context: JSContextRef, _ object: JSObjectRef, _ name: String, _ value: JSValueRef) {
        let key = string(name)
        defer { JSStringRelease(key) }
        JSObjectSetProperty(context, object, key, value, JSPropertyAttributes(kJSPropertyAttributeNone), nil)
    }

    /// The value as JSON (`JSON.stringify`); `undefined` and functions become `null`.
    static func json(_ context: JSContextRef, _ value: JSValueRef) throws -> JSON {
        switch JSValueGetType(context, value) {
        case kJSTypeUndefined, kJSTypeNull: return .null
        case kJSTypeBoolean: return .bool(JSValueToBoolean(context, value))
        case kJSTypeNumber:
            // JSON.stringify gives null for NaN and the infinities.
            let number = JSValueToNumber(context, value, nil)
            return number.isFinite ? .number(number == 0 ? 0 : number) : .null
        case kJSTypeString:
            guard let string = JSValueToStringCopy(context, value, nil) else { return .null }
            defer { JSStringRelease(string) }
            return .string(swiftString(string))
        default: break
        }
        var exception: JSValueRef?
        guard let string = JSValueCreateJSONString(context, value, 0, &exception) else {
            if let exception { throw JSValue.hostError(context, exception) }
            return .null
        }
        defer { JSStringRelease(string) }
        return try JSON(parsing: swiftString(string))
    }

    /// A JavaScript value from JSON.
    static func make(_ context: JSContextRef, _ json: JSON) -> JSValueRef {
        switch json {
        case .null: return JSValueMakeNull(context)
        case .bool(let b): return JSValueMakeBoolean(context, b)
        case .int(let i): return JSValueMakeNumber(context, Double(i))
        case .double(let d): return JSValueMakeNumber(context, d)
        case .string(let s): return makeString(context, s)
        case .array(let items) where items.count <= 16 && items.allSatisfy(\.isImmediate):
            // Short arrays of numbers, booleans and nulls (RPC arguments) element by element: no JSON text for the
            // common call. Only immediates: a string made here would be held in Swift memory alone, which the
            // garbage collector does not scan, while the next element is made.
            var elements: [JSValueRef?] = items.map { Optional(make(context, $0)) }
            return elements.withUnsafeMutableBufferPointer { JSObjectMakeArray(context, $0.count, $0.baseAddress, nil) } ?? JSValueMakeNull(context)
        case .array, .object:
            // Members as written: the order of `Object.keys` survives storage and RPC, as in workerd.
            let string = self.string(json.textAsWritten)
            defer { JSStringRelease(string) }
            return JSValueMakeFromJSONString(context, string) ?? JSValueMakeNull(context)
        }
    }

    /// An `Error` (or `TypeError`, `RangeError`) object for a Swift error.
    static func makeError(_ context: JSContextRef, _ error: any Error) -> JSValueRef {
        let (name, message, stack): (String, String, String?)
        switch error {
        case let host as JSHostError: (name, message, stack) = (host.name, host.message, host.stack)
        case let runtime as DurableObjectError: (name, message, stack) = (runtime.errorClass, runtime.message, runtime.stack)
        default: (name, message, stack) = ("Error", "\(error)", nil)
        }
        var argument: JSValueRef? = makeString(context, message)
        let object = JSObjectMakeError(context, 1, &argument, nil)!
        if name != "Error", let constructor = property(context, JSContextGetGlobalObject(context), name),
            let prototype = propertyValue(context, constructor, "prototype") {
            JSObjectSetPrototype(context, object, prototype)
        }
        // An error made here has no JavaScript frames, so no stack; code that prints `err.stack` (a common
        // handler answers `new Response(err.stack, {status: 500})`) gets the thrower's stack when it crossed from
        // another object, else the error's first line, as in workerd.
        if let value = propertyValue(context, object, "stack"), !JSValueIsUndefined(context, value) { return object }
        let key = string("stack")
        defer { JSStringRelease(key) }
        let text = makeString(context, stack.map { "\(name): \(message)\n\($0)" } ?? "\(name): \(message)")
        JSObjectSetProperty(context, object, key, text, JSPropertyAttributes(kJSPropertyAttributeDontEnum), nil)
        return object
    }

    /// A `JSHostError` describing a thrown JavaScript value.
    static func hostError(_ context: JSContextRef, _ exception: JSValueRef) -> JSHostError {
        if JSValueIsObject(context, exception) {
            let message = propertyValue(context, exception, "message").flatMap { text(context, $0) }
            let name = propertyValue(context, exception, "name").flatMap { text(context, $0) } ?? "Error"
            let stack = propertyValue(context, exception, "stack").flatMap { value -> String? in
                JSValueIsUndefined(context, value) ? nil : text(context, value)
            }
            if let message {
                return JSHostError(.exception, message, name: name, stack: stack)
            }
        }
        return JSHostError(.exception, "Uncaught \(text(context, exception) ?? "exception")", name: "Error")
    }
}

extension JSON {
    /// Whether JavaScriptCore represents the value without a heap cell (no garbage collection concerns).
    fileprivate var isImmediate: Bool {
        switch self {
        case .null, .bool, .int, .double: return true
        default: return false
        }
    }
}
