// libFuzzer target: arbitrary bytes through the stdio input path. The bytes arrive in chunks (sizes taken from the
// input itself) at the line splitter, with a small line limit so that oversized lines happen; every line goes through
// the inbound gate. Built by scripts/fuzz.sh with the JSONModel and protocol sources; not part of the Swift package.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func gateFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var splitter = LineSplitter(maximumLineLength: 4096)
    let gate = InboundGate()
    var offset = 0
    var chunk = 1
    while offset < bytes.count {
        let end = min(bytes.count, offset + chunk)
        for event in splitter.append(bytes[offset..<end]) {
            switch event {
            case .line(let line): _ = gate.classify(line)
            case .oversized(let prefix): _ = gate.classify(prefix)
            }
        }
        chunk = Int(bytes[offset]) % 97 + 1
        offset = end
    }
    return 0
}
