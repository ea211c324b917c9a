import Foundation

/// Reads the raw text of chosen top-level members of a JSON object without parsing the whole document.
///
/// Used on the write path (is this a response, and to which id?) and on oversized inbound lines (which id
/// should the refusal carry?). One linear pass that tracks nesting and strings; it stops at the end of the
/// top-level object. Values are returned as raw JSON text (`5`, `"abc"`), or not at all when absent.
enum JSONSniffer {
    static func topLevelMembers(of data: Data, named names: Set<String>) -> [String: String] {
        var found: [String: String] = [:]
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var i = 0
            let n = bytes.count
            func skipSpace() { while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 } }
            func skipString() {
                i += 1
                while i < n {
                    if bytes[i] == 0x5C { i += 2; continue }
                    if bytes[i] == 0x22 { i += 1; return }
                    i += 1
                }
            }
            func skipValue() {
                skipSpace()
                guard i < n else { return }
                if bytes[i] == 0x22 { skipString(); return }
                if bytes[i] == 0x7B || bytes[i] == 0x5B {
                    var depth = 0
                    while i < n {
                        let byte = bytes[i]
                        if byte == 0x22 { skipString(); continue }
                        if byte == 0x7B || byte == 0x5B { depth += 1 }
                        if byte == 0x7D || byte == 0x5D { depth -= 1; if depth == 0 { i += 1; return } }
                        i += 1
                    }
                    return
                }
                while i < n, bytes[i] != 0x2C, bytes[i] != 0x7D, bytes[i] != 0x5D { i += 1 }
            }
            skipSpace()
            guard i < n, bytes[i] == 0x7B else { return }
            i += 1
            while i < n {
                skipSpace()
                guard i < n, bytes[i] == 0x22 else { return }
                let keyStart = i + 1
                skipString()
                let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[keyStart..<max(keyStart, i - 1)]), as: UTF8.self)
                skipSpace()
                guard i < n, bytes[i] == 0x3A else { return }
                i += 1
                skipSpace()
                let valueStart = i
                skipValue()
                if names.contains(key), i <= n {
                    var end = i
                    while end > valueStart, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0A { end -= 1 }
                    found[key] = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<end]), as: UTF8.self)
                    if found.count == names.count { return }
                }
                skipSpace()
                guard i < n, bytes[i] == 0x2C else { return }
                i += 1
            }
        }
        return found
    }
}
