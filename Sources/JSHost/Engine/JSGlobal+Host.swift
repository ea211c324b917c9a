import CJavaScriptCore
import Crypto
import DurableObjects
import Foundation

/// What a global's `__host` functions hand to their owner (the object or Worker that made the context).
struct HostHooks {
    /// `__host.log(level, text)`.
    var log: (_ level: String, _ text: String) -> Void = { _, _ in }
    /// `__host.setTimer(delayMs, repeat)` was given `id`; call `fireTimer(id)` when it is due.
    var setTimer: (_ id: Int, _ delayMs: Double, _ repeats: Bool) -> Void = { _, _, _ in }
    /// `__host.clearTimer(id)`.
    var clearTimer: (_ id: Int) -> Void = { _ in }
}

extension JSGlobal {
    /// The levels `__host.log` accepts.
    static let logLevels: Set<String> = ["debug", "info", "log", "warn", "error"]

    /// Defines `globalThis.__host` (the contract with `Shim/globals.js`, see `docs/js-host.md`).
    func installHost(_ hooks: HostHooks) {
        let host = makeObject()
        let origin = MonotonicTime.milliseconds()
        var nextTimer = 0
        define("log", function("log") { context, _, arguments in
            let level = arguments.first.flatMap { JSValue.text(context, $0) } ?? "log"
            guard JSGlobal.logLevels.contains(level) else {
                throw JSHostError(.invalidArgument, "__host.log: unknown level \"\(level)\".", name: "TypeError")
            }
            hooks.log(level, arguments.count > 1 ? JSValue.text(context, arguments[1]) ?? "" : "")
            return nil
        }, on: host)
        define("now", function("now") { context, _, _ in
            JSValueMakeNumber(context, MonotonicTime.milliseconds() - origin)
        }, on: host)
        define("fillRandom", function("fillRandom") { context, _, arguments in
            guard let array = arguments.first, let bytes = JSGlobal.typedArrayBytes(context, array) else {
                throw JSHostError(.invalidArgument, "__host.fillRandom expects a Uint8Array.", name: "TypeError")
            }
            var generator = SystemRandomNumberGenerator()
            for i in 0..<bytes.count { bytes[i] = generator.next() }
            return array
        }, on: host)
        define("digest", function("digest") { context, _, arguments in
            guard arguments.count == 2, let algorithm = JSValue.text(context, arguments[0]),
                let bytes = JSGlobal.typedArrayBytes(context, arguments[1]) else {
                throw JSHostError(.invalidArgument, "__host.digest expects (algorithm, Uint8Array).", name: "TypeError")
            }
            let input = UnsafeRawBufferPointer(bytes)
            let digest: [UInt8]
            switch algorithm {
            case "SHA-1": digest = Array(Insecure.SHA1.hash(data: input))
            case "SHA-256": digest = Array(SHA256.hash(data: input))
            case "SHA-384": digest = Array(SHA384.hash(data: input))
            case "SHA-512": digest = Array(SHA512.hash(data: input))
            default:
                throw JSHostError(.invalidArgument, "Unrecognized or unimplemented digest algorithm requested.", name: "NotSupportedError")
            }
            return JSGlobal.makeArrayBuffer(context, digest)
        }, on: host)
        define("setTimer", function("setTimer") { context, _, arguments in
            let delay = arguments.first.map { JSValueToNumber(context, $0, nil) } ?? 0
            let repeats = arguments.count > 1 && JSValueToBoolean(context, arguments[1])
            nextTimer += 1
            hooks.setTimer(nextTimer, delay.isFinite ? max(0, delay) : 0, repeats)
            return JSValueMakeNumber(context, Double(nextTimer))
        }, on: host)
        define("clearTimer", function("clearTimer") { context, _, arguments in
            let id = arguments.first.map { JSValueToNumber(context, $0, nil) } ?? 0
            if id.isFinite, id >= 1, id <= Double(nextTimer) { hooks.clearTimer(Int(id)) }
            return nil
        }, on: host)
        define("__host", host)
        // A rejection nobody handles is logged as workerd does ("Uncaught (in promise) …").
        let onRejection = function("unhandledRejection") { context, _, arguments in
            let reason = arguments.count > 1 ? arguments[1] : JSValueMakeUndefined(context)!
            let error = JSValue.hostError(context, reason)
            hooks.log("error", "Uncaught (in promise) \(error.name): \(error.message)")
            return nil
        }
        JSGlobalContextSetUnhandledRejectionCallback(ref, onRejection, nil)
    }

    /// Calls the shim's `globalThis.__hostTimerFired(id)` (an outermost call).
    func fireTimer(_ id: Int) throws {
        try callGlobal("__hostTimerFired", [JSValueMakeNumber(ref, Double(id))])
    }

    /// The bytes of a typed array (`nil` if `value` is not one). Valid during this entry only.
    static func typedArrayBytes(_ context: JSContextRef, _ value: JSValueRef) -> UnsafeMutableBufferPointer<UInt8>? {
        guard JSValueGetTypedArrayType(context, value, nil) != kJSTypedArrayTypeNone,
            JSValueGetTypedArrayType(context, value, nil) != kJSTypedArrayTypeArrayBuffer,
            let object = JSValueToObject(context, value, nil) else { return nil }
        let count = JSObjectGetTypedArrayByteLength(context, object, nil)
        guard count > 0 else { return UnsafeMutableBufferPointer(start: nil, count: 0) }
        guard let base = JSObjectGetTypedArrayBytesPtr(context, object, nil) else { return nil }
        let offset = JSObjectGetTypedArrayByteOffset(context, object, nil)
        return UnsafeMutableBufferPointer(start: base.advanced(by: offset).assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// A new `ArrayBuffer` holding a copy of `bytes`.
    static func makeArrayBuffer(_ context: JSContextRef, _ bytes: [UInt8]) -> JSObjectRef {
        let memory = malloc(max(1, bytes.count))!
        bytes.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(memory), byteCount: bytes.count) }
        return JSObjectMakeArrayBufferWithBytesNoCopy(context, memory, bytes.count, { pointer, _ in free(pointer) }, nil, nil)!
    }
}

/// Monotonic time for `performance.now`.
enum MonotonicTime {
    static func milliseconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) * 1000 + Double(spec.tv_nsec) / 1_000_000
    }
}
