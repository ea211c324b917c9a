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

// A script compiled once for a context group and evaluated in many of its globals (JSScriptRefPrivate.h, exported
// too): every evaluation shares one copy of the text, where JSEvaluateScript keeps a private copy per call.
typedef struct OpaqueJSScript *JSScriptRef;
JSScriptRef JSScriptCreateFromString(JSContextGroupRef contextGroup, JSStringRef url, int startingLineNumber, JSStringRef source, JSStringRef *errorMessage, int *errorLine);
void JSScriptRelease(JSScriptRef script);
JSValueRef JSScriptEvaluate(JSContextRef context, JSScriptRef script, JSValueRef thisValue, JSValueRef *exception);

// JavaScriptCore's heap figures and a full collection (JSContextRefPrivate.h, exported too): for benchmarks.
JSObjectRef JSGetMemoryUsageStatistics(JSContextRef ctx);
void JSSynchronousGarbageCollectForDebugging(JSContextRef ctx);

#endif
