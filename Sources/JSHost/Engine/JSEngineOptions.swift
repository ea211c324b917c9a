#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// JavaScriptCore options the host sets before the engine starts. JavaScriptCore reads `JSC_<option>` from the
/// environment once, when it initializes (the first string or context group made), so every path into the engine
/// (`JSGroup.init`, `JSScriptText.init`) goes through ``applied`` first. A value already in the environment wins.
enum JSEngineOptions {
    /// The baseline JIT compiles a function after 100,000 units of warm-up in a global (a call counts 15, a loop
    /// iteration 1: about 6,700 calls, or 100,000 iterations of a loop) instead of 500 (about 33 calls), also for
    /// code compiled before in another global ("JIT soon").
    ///
    /// Why: every object is a global of its own, and compiled code belongs to one global, so each object gets its
    /// own copy of every function it compiles. With the defaults the set-up code of the web globals and of the
    /// Durable Object host (loops that define properties, helpers called a few dozen times) ran hot enough in every
    /// new object to be compiled again there: about 60 KB per object, 10,000 live objects 4.3 GB against 3.6–3.8 GB
    /// now (`bench worker --only live`). Handlers that a workload actually drives still reach the JIT within a few
    /// thousand calls per object, and a CPU-heavy loop within milliseconds; code that runs a few times per object
    /// stays in the interpreter, as one-off code does in V8 too.
    static let defaults: [(name: String, value: String)] = [
        ("JSC_thresholdForJITAfterWarmUp", "100000"),
        ("JSC_thresholdForJITSoon", "100000"),
    ]

    /// Sets ``defaults`` in the environment, once, before JavaScriptCore reads it.
    static let applied: Void = {
        for option in defaults where getenv(option.name) == nil { setenv(option.name, option.value, 0) }
    }()
}
