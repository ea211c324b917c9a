#include "CJSEngineOptions.h"

#include <stdlib.h>

static int applied;

/// Baseline JIT after 100,000 units of warm-up per global, also for code compiled before in another global: see
/// JSEngineOptions.swift for why.
__attribute__((constructor)) static void apply_js_engine_options(void) {
    static const char *const options[][2] = {
        {"JSC_thresholdForJITAfterWarmUp", "100000"},
        {"JSC_thresholdForJITSoon", "100000"},
    };
    for (unsigned i = 0; i < sizeof options / sizeof options[0]; i++) {
        if (getenv(options[i][0]) == NULL && setenv(options[i][0], options[i][1], 0) == 0) applied++;
    }
}

int do_js_engine_options_applied(void) { return applied; }
