import ArchitectServer
import JSONModel
import Logging
import Patterns
import Testing

/// A limit lives in the schema; where an engine checks it too, its constant must say the same.
struct SchemaLimitsTests {
    let input = try! SchemaCatalog.bundled().tools["runWorkload"]!.input

    func bound(_ property: String, _ keyword: String) -> Double? {
        input["properties"]?[property]?[keyword]?.number
    }

    @Test func runWorkloadLimitsMatchTheWorkloadDriver() {
        #expect(bound("requests", "maximum") == Double(WorkloadCaps.maxRequests))
        #expect(bound("concurrency", "maximum") == Double(WorkloadCaps.maxConcurrency))
        #expect(bound("objects", "maximum") == Double(WorkloadCaps.maxObjects))
        #expect(bound("durationSeconds", "maximum") == WorkloadCaps.maxDurationSeconds)
        #expect(bound("ratePerSecond", "maximum") == WorkloadCaps.maxRatePerSecond)
        #expect(bound("zipfExponent", "minimum") == WorkloadCaps.zipfExponentRange.lowerBound)
        #expect(bound("zipfExponent", "maximum") == WorkloadCaps.zipfExponentRange.upperBound)
    }

    @Test func runWorkloadSocketLimitsMatchTheSocketWorkload() {
        let sockets = input["properties"]?["sockets"]?["properties"]
        #expect(sockets?["count"]?["maximum"]?.number == Double(SocketWorkload.maxCount))
        #expect(sockets?["messagesPerSocket"]?["maximum"]?.number == Double(SocketWorkload.maxMessagesPerSocket))
    }

}
