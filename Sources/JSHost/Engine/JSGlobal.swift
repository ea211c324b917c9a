import CJavaScriptCore
import DurableObjects

/// One global context (one `globalThis`) in a `JSGroup`: a Durable Object instance or a Worker's stateless
/// entry point. Every method must run on the group's thread (inside `group.thread.sync`).
///
/// Values returned by the API are only valid during the current entry unless protected: JavaScriptCore scans
/// the native stack, but not Swift heap memory. `Protected` keeps a value alive across entries.
final class JSGlobal {
    let group: JSGroup
    let ref: JSGlobalContextRef
    private var released = false

    /// Creates an empty global context (ECMAScript only) in `group`. Call on the group's thread.
    init(group: JSGroup, name: String) {
        self.group = group
        self.ref = JSGlobalContextCreateInGroup(group.ref, nil)!
        let string = JSValue.string(name)
        JSGlobalContextSetName(ref, string)
        JSStringRelease(string)
    }

    /// Releases the context (its objects become garbage). Call on the group's thread, once.
    func release() {
        guard !released else { return }
        released = true
        JSGlobalContextRelease(ref)
    }

    var context: JSContextRef { ref }
    var globalObject: JSObjectRef { JSContextGetGlobalObject(ref)! }

    /// Evaluates a script (not a module); `sourceURL` names it in stacks.
    @discardableResult
    func evaluate(_ script: String, sourceURL: String) throws -> JSValueRef {
        let source = JSValue.string(script)
        let url = JSValue.string(sourceURL)
        defer {
            JSStringRelease(source)
            JSStringRelease(url)
        }
        var exception: JSValueRef?
        let value = JSEvaluateScript(ref, source, nil, url, 1, &exception)
        return try checked(value, exception)
    }

    /// Evaluates a script made once for many globals (`JSScriptText`), compiled once per group: every global of
    /// the group shares one copy of its text (JSEvaluateScript would keep a copy per global: for `globals.js`,
    /// about 300 KB of every object) and the code the group compiled from it.
    @discardableResult
    func evaluate(_ script: JSScriptText) throws -> JSValueRef {
        var exception: JSValueRef?
        guard let compiled = group.script(for: script) else {
            let value = JSEvaluateScript(ref, script.source, nil, script.url, 1, &exception)
            return try checked(value, exception)
        }
        let value = JSScriptEvaluate(ref, compiled, globalObject, &exception)
        return try checked(value, exception)
    }

    /// Calls `function` with `this` and arguments.
    @discardableResult
    func call(_ function: JSObjectRef, this: JSObjectRef? = nil, _ arguments: [JSValueRef]) throws -> JSValueRef {
        var exception: JSValueRef?
        let values: [JSValueRef?] = arguments
        let value = values.withUnsafeBufferPointer { buffer in
            JSObjectCallAsFunction(ref, function, this, buffer.count, buffer.baseAddress, &exception)
        }
        return try checked(value, exception)
    }

    /// Calls the global function `name`.
    @discardableResult
    func callGlobal(_ name: String, _ arguments: [JSValueRef]) throws -> JSValueRef {
        guard let function = JSValue.property(ref, globalObject, name), JSObjectIsFunction(ref, function) else {
            throw JSHostError(.invalidArgument, "globalThis.\(name) is not a function.", name: "TypeError")
        }
        return try call(function, arguments)
    }

    /// Defines `name` on `object` (default: the global object).
    func define(_ name: String, _ value: JSValueRef, on object: JSObjectRef? = nil) {
        JSValue.setProperty(ref, object ?? globalObject, name, value)
    }

    /// A native function.
    func function(_ name: String, _ body: @escaping NativeBody) -> JSObjectRef {
        NativeFunction.make(ref, name: name, body)
    }

    /// A new empty object.
    func makeObject() -> JSObjectRef { JSObjectMake(ref, nil, nil)! }

    /// Turns the result of an entry into a Swift result: the CPU limit first, then any exception.
    private func checked(_ value: JSValueRef?, _ exception: JSValueRef?) throws -> JSValueRef {
        if group.takeTermination() { throw JSHostError.cpuLimit }
        if let exception { throw JSValue.hostError(ref, exception) }
        return value ?? JSValueMakeUndefined(ref)
    }
}

/// A value kept alive across entries (a GC root until `release`). Use and release on the group's thread.
final class Protected {
    private let context: JSContextRef
    let value: JSValueRef
    private var released = false

    init(_ context: JSContextRef, _ value: JSValueRef) {
        self.context = context
        self.value = value
        JSValueProtect(context, value)
    }

    var object: JSObjectRef? { JSValueToObject(context, value, nil) }

    func release() {
        guard !released else { return }
        released = true
        JSValueUnprotect(context, value)
    }
}

/// A script's text and source URL as JavaScriptCore strings, made once and evaluated in many globals (the shim and
/// a Worker's bundle in every object). JavaScriptCore strings are immutable and reference-counted thread-safely.
final class JSScriptText: @unchecked Sendable {
    let source: JSStringRef
    let url: JSStringRef

    init(_ text: String, url: String) {
        _ = JSEngineOptions.applied
        source = JSValue.string(text)
        self.url = JSValue.string(url)
    }

    deinit {
        JSStringRelease(source)
        JSStringRelease(url)
    }
}
