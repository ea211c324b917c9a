#ifndef C_JS_ENGINE_OPTIONS_H
#define C_JS_ENGINE_OPTIONS_H

/// JavaScriptCore options the host sets in the environment before `main` runs, while the process has one thread
/// (setenv is not safe while other threads read the environment). JavaScriptCore reads `JSC_<option>` when it
/// initializes. A value already in the environment wins. Returns how many options were set by us (for tests and
/// to keep this file linked).
int do_js_engine_options_applied(void);

#endif
