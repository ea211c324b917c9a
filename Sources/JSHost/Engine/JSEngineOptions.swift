import CJSEngineOptions

/// JavaScriptCore options the host sets before the engine starts. JavaScriptCore reads `JSC_<option>` from the
/// environment once, when it initializes (the first string or context group made). The C target
/// `CJSEngineOptions` sets them in a constructor that runs before `main`, while the process has one thread
/// (`setenv` is not safe while other threads read the environment); every path into the engine (`JSGroup.init`,
/// `JSScriptText.init`) touches ``applied``, which also keeps that file linked. A value already in the
/// environment wins.
enum JSEngineOptions {
    /// The baseline JIT compiles a function after 100,000 units of warm-up in a global (a call counts 15, a loop
    /// iteration 1: about 6,700 calls, or 100,000 iterations of a loop) instead of 500 (about 33 calls), also for
    /// code compiled before in another global ("JIT soon"): `JSC_thresholdForJITAfterWarmUp` and
    /// `JSC_thresholdForJITSoon`, set in `CJSEngineOptions.c`.
    ///
    /// Why: every object is a global of its own, and compiled code belongs to one global, so each object gets its
    /// own copy of every function it compiles. With the defaults the set-up code of the web globals and of the
    /// Durable Object host (loops that define properties, helpers called a few dozen times) ran hot enough in every
    /// new object to be compiled again there: about 60 KB per object, 10,000 live objects 4.3 GB against 3.5 GB
    /// now (`bench worker --only live`). Handlers that a workload actually drives still reach the JIT within a few
    /// thousand calls per object, and a CPU-heavy loop within milliseconds; code that runs a few times per object
    /// stays in the interpreter, as one-off code does in V8 too.
    ///
    /// How many of the options the constructor set (0 when the environment already set them all).
    static let applied = Int(do_js_engine_options_applied())
}
