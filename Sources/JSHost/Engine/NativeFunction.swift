import CJavaScriptCore

/// The body of a native function: the calling context, `this`, and the arguments; returns a value or `nil`
/// for `undefined`. A thrown error becomes a JavaScript exception (`JSHostError` keeps its name and message).
typealias NativeBody = (_ context: JSContextRef, _ this: JSObjectRef?, _ arguments: [JSValueRef]) throws -> JSValueRef?

/// A Swift closure made callable from JavaScript.
///
/// JavaScriptCore's callbacks are C functions and cannot capture, so the closure travels as the object's private
/// data: a retained box, released by the class's `finalize` when the function object is collected.
final class NativeFunction {
    let name: String
    let body: NativeBody

    private init(name: String, body: @escaping NativeBody) {
        self.name = name
        self.body = body
    }

    /// A function object in `context` that runs `body`, with `Function.prototype` as its prototype.
    static func make(_ context: JSContextRef, name: String, _ body: @escaping NativeBody) -> JSObjectRef {
        let box = Unmanaged.passRetained(NativeFunction(name: name, body: body)).toOpaque()
        let object = JSObjectMake(context, nativeFunctionClass, box)!
        let global = JSContextGetGlobalObject(context)!
        if let prototype = JSValue.property(context, global, "Function").flatMap({ JSValue.property(context, $0, "prototype") }) {
            JSObjectSetPrototype(context, object, prototype)
        }
        return object
    }
}

/// The class of every native function. Created once; JavaScriptCore classes can be used in any context.
nonisolated(unsafe) private let nativeFunctionClass: JSClassRef = {
    var definition = kJSClassDefinitionEmpty
    definition.className = UnsafeRawPointer(("NativeFunction" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
    definition.callAsFunction = { context, function, this, count, arguments, exception in
        guard let context, let function, let raw = JSObjectGetPrivate(function) else { return nil }
        let native = Unmanaged<NativeFunction>.fromOpaque(raw).takeUnretainedValue()
        var values: [JSValueRef] = []
        values.reserveCapacity(count)
        for i in 0..<count { values.append(arguments![i]!) }
        do {
            return try native.body(context, this, values) ?? JSValueMakeUndefined(context)
        } catch {
            exception?.pointee = JSValue.makeError(context, error)
            return nil
        }
    }
    definition.finalize = { object in
        guard let raw = JSObjectGetPrivate(object) else { return }
        Unmanaged<NativeFunction>.fromOpaque(raw).release()
    }
    return JSClassCreate(&definition)!
}()
