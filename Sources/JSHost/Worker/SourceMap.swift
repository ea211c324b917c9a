import Foundation

/// esbuild's source map of a bundle (version 3): maps positions in the bundle back to the user's files, so a
/// stack names their file and line.
struct SourceMap: Sendable {
    private struct Segment: Sendable {
        var column: Int
        var source: Int
        var line: Int
        var sourceColumn: Int
    }

    /// Paths of the original files, relative to the project folder where possible.
    let sources: [String]
    /// Segments per generated line (0-based), in column order.
    private let lines: [[Segment]]
    let bundleURL: String

    init(json: String, bundleURL: String, root: URL) throws {
        struct Raw: Decodable {
            var sources: [String]
            var mappings: String
        }
        let raw = try JSONDecoder().decode(Raw.self, from: Data(json.utf8))
        self.bundleURL = bundleURL
        // esbuild writes sources relative to the output file, which lives in a temporary folder: keep the part
        // from the project's folder name on when it appears, else the path without leading "../" parts.
        let rootPath = root.standardizedFileURL.path
        sources = raw.sources.map { source in
            var path = source
            while path.hasPrefix("../") { path.removeFirst(3) }
            let absolute = "/" + path
            if absolute.hasPrefix(rootPath + "/") { return String(absolute.dropFirst(rootPath.count + 1)) }
            return path
        }
        lines = SourceMap.decode(raw.mappings)
    }

    /// The original `file:line:column` (1-based) of a 1-based bundle position, if mapped.
    func original(line: Int, column: Int) -> (file: String, line: Int, column: Int)? {
        guard line >= 1, line <= lines.count else { return nil }
        let segments = lines[line - 1]
        var best: Segment?
        for segment in segments {
            if segment.column <= column - 1 { best = segment } else { break }
        }
        guard let best, best.source >= 0, best.source < sources.count else { return nil }
        return (sources[best.source], best.line + 1, best.sourceColumn + 1)
    }

    /// A stack with every `bundleURL:line:column` replaced by the original position.
    func mapStack(_ stack: String) -> String {
        stack.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard let range = line.range(of: bundleURL + ":") else { return String(line) }
            let rest = line[range.upperBound...]
            let numbers = rest.split(separator: ":", maxSplits: 1)
            guard numbers.count == 2, let l = Int(numbers[0]),
                let c = Int(numbers[1].prefix(while: \.isNumber)),
                let mapped = original(line: l, column: c) else { return String(line) }
            let tail = numbers[1].drop(while: \.isNumber)
            return line[..<range.lowerBound] + "\(mapped.file):\(mapped.line):\(mapped.column)" + tail
        }.joined(separator: "\n")
    }

    private static func decode(_ mappings: String) -> [[Segment]] {
        var result: [[Segment]] = []
        var current: [Segment] = []
        var source = 0, line = 0, sourceColumn = 0
        var fields: [Int] = []
        var value = 0, shift = 0
        var column = 0
        func finishSegment() {
            if fields.count >= 4 {
                column += fields[0]
                source += fields[1]
                line += fields[2]
                sourceColumn += fields[3]
                current.append(Segment(column: column, source: source, line: line, sourceColumn: sourceColumn))
            } else if fields.count >= 1 {
                column += fields[0]
            }
            fields.removeAll(keepingCapacity: true)
        }
        for byte in mappings.utf8 {
            switch byte {
            case UInt8(ascii: ";"):
                finishSegment()
                result.append(current)
                current = []
                column = 0
            case UInt8(ascii: ","):
                finishSegment()
            default:
                guard let digit = base64[Int(byte)] else { continue }
                value |= (digit & 31) << shift
                if digit & 32 != 0 {
                    shift += 5
                } else {
                    fields.append(value & 1 == 1 ? -(value >> 1) : value >> 1)
                    value = 0
                    shift = 0
                }
            }
        }
        finishSegment()
        result.append(current)
        return result
    }

    private static let base64: [Int?] = {
        var table = [Int?](repeating: nil, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() { table[Int(c)] = i }
        return table
    }()
}
