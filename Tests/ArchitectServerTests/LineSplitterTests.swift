import ArchitectServer
import Foundation
import Testing

struct LineSplitterTests {
    func lines(_ events: [LineSplitter.Event]) -> [String] {
        events.map { event in
            switch event {
            case .line(let data): return String(decoding: data, as: UTF8.self)
            case .oversized(let prefix): return "OVERSIZED(\(prefix.count))"
            }
        }
    }

    @Test func splitsOnNewlineOnlyAndDropsCarriageReturnsAndEmptyLines() {
        var splitter = LineSplitter(maximumLineLength: 1000)
        let events = splitter.append(Array("a\r\n\nb\u{2028}c\nd".utf8))
        #expect(lines(events) == ["a", "b\u{2028}c"])
        #expect(lines(splitter.finish()) == ["d"])
    }

    @Test func joinsLinesSplitAcrossChunks() {
        var splitter = LineSplitter(maximumLineLength: 1000)
        var all: [LineSplitter.Event] = []
        for byte in Array("{\"x\":1}\n{\"y\":2}\n".utf8) { all += splitter.append([byte]) }
        #expect(lines(all) == ["{\"x\":1}", "{\"y\":2}"])
    }

    @Test func refusesAnOversizedLineOnceAndRecovers() {
        var splitter = LineSplitter(maximumLineLength: 100)
        var all = splitter.append([UInt8](repeating: 0x61, count: 80))
        all += splitter.append([UInt8](repeating: 0x61, count: 80))
        all += splitter.append([UInt8](repeating: 0x61, count: 500))
        all += splitter.append(Array("tail\nnext\n".utf8))
        #expect(lines(all) == ["OVERSIZED(160)", "next"])
    }

    @Test func refusesAnOversizedLineThatEndsInTheSameChunk() {
        var splitter = LineSplitter(maximumLineLength: 10)
        #expect(lines(splitter.append(Array("0123456789abc\nok\n".utf8))) == ["OVERSIZED(13)", "ok"])
    }

    @Test func keepsOnlyTheUnconsumedTailBuffered() {
        var splitter = LineSplitter(maximumLineLength: 1 << 20)
        var count = 0
        for _ in 0..<10_000 { count += splitter.append(Array("{\"jsonrpc\":\"2.0\"}\n".utf8)).count }
        #expect(count == 10_000)
    }
}
