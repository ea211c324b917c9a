extension ObjectContext {
    /// Charges the running event with CPU time its code used on another thread (a JavaScript object runs on its
    /// engine's thread while this context's executor waits for it), so metrics count it like Swift objects' CPU.
    package func chargeCPU(_ nanos: UInt64) {
        executor.addForeignCPU(nanos)
    }
}
