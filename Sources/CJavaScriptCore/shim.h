#ifndef DO_ARCHITECT_CJAVASCRIPTCORE_H
#define DO_ARCHITECT_CJAVASCRIPTCORE_H

#if defined(__APPLE__)
#include <JavaScriptCore/JavaScriptCore.h>
#else
#include <JavaScriptCore/JavaScript.h>
#endif

// Exported by the library but absent from the -dev package's headers (declared here; their ABI is not promised,
// see shared js-host notes). JSC calls the callback when a group's execution time limit is reached; returning
// true terminates the running script.
typedef bool (*JSShouldTerminateCallback)(JSContextRef ctx, void *context);
void JSContextGroupSetExecutionTimeLimit(JSContextGroupRef group, double limit, JSShouldTerminateCallback callback, void *context);
void JSContextGroupClearExecutionTimeLimit(JSContextGroupRef group);
void JSGlobalContextSetUnhandledRejectionCallback(JSGlobalContextRef ctx, JSObjectRef function, JSValueRef *exception);

#endif
