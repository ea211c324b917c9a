import CJavaScriptCore
import Foundation

/// One JavaScriptCore context group (one virtual machine), pinned to one `JSThread`: the contexts of one loaded
/// Worker on that thread. Contexts of a group share its heap and never run in parallel; separate groups do.
///
/// The group carries the CPU limit: JavaScriptCore's execution time limit stops a script that runs longer than
/// `cpuLimit` in one entry; the next check of `takeTermination()` reports it.
package final class JSGroup: @unchecked Sendable {
    // `ref` and `terminated` are only used on `thread` (every entry goes through `thread.sync`).
    let ref: JSContextGroupRef
    /// The thread every entry into the group runs on.
    package let thread: JSThread
    /// The CPU limit of one entry, in seconds.
    package let cpuLimit: Double
    private var terminated = false
    /// Scripts compiled for this group, by the text they came from (kept alive with them).
    private var scripts: [ObjectIdentifier: (text: JSScriptText, script: JSScriptRef?)] = [:]

    /// Creates a group on `thread` with a CPU limit per entry (Cloudflare's default is 30 s).
    package init(thread: JSThread, cpuLimit: Double = 30) {
        self.thread = thread
        self.cpuLimit = cpuLimit
        _ = JSEngineOptions.applied
        self.ref = thread.sync { JSContextGroupCreate()! }.value
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        let ref = self.ref
        let limit = cpuLimit
        _ = thread.sync {
            JSContextGroupSetExecutionTimeLimit(ref, limit, { _, info in
                guard let info else { return true }
                Unmanaged<JSGroup>.fromOpaque(info).takeUnretainedValue().terminated = true
                return true
            }, opaque)
        }
    }

    deinit {
        let ref = self.ref
        let transfer = UnsafeTransfer((ref, scripts.values.compactMap(\.script)))
        thread.async {
            for script in transfer.value.1 { JSScriptRelease(script) }
            JSContextGroupRelease(transfer.value.0)
        }
    }

    /// `text` compiled for this group once, or nil when it does not parse (the caller then evaluates the text
    /// itself, which reports the syntax error with its location). Call on `thread`.
    func script(for text: JSScriptText) -> JSScriptRef? {
        if let cached = scripts[ObjectIdentifier(text)] { return cached.script }
        var error: JSStringRef?
        var line: Int32 = 0
        let script = JSScriptCreateFromString(ref, text.url, 1, text.source, &error, &line)
        if let error { JSStringRelease(error) }
        scripts[ObjectIdentifier(text)] = (text, script)
        return script
    }

    /// Whether the time limit stopped a script since the last call; resets the flag. Call on `thread`.
    func takeTermination() -> Bool {
        defer { terminated = false }
        return terminated
    }
}
