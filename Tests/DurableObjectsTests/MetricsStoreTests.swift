@testable import DurableObjects
import Foundation
import Testing
import TestSupport

struct MetricsStoreTests {
    @Test func namespacesAreThoseWithObjectTotalsOrSecondsSortedOnce() async throws {
        try await withTemporaryDirectory { dir in
            let store = try MetricsStore(dataDirectory: dir)
            for namespace in ["B", "A", "B"] {
                let objects = (0..<3).map { ObjectMetrics(id: "\(namespace)-\($0)", name: nil) }
                try store.write(namespace: namespace, seconds: [], objects: objects, retention: 60)
            }
            try store.write(namespace: "C", seconds: [(MetricsSecond(second: 5), [])], objects: [], retention: 60)
            try store.write(namespace: "A", seconds: [(MetricsSecond(second: 5), [])], objects: [], retention: 60)
            #expect(try store.namespaces() == ["A", "B", "C"])
        }
    }

    @Test func storedSizeCountsOnlyObjectsWithADatabase() async throws {
        try await withTemporaryDirectory { dir in
            let store = try MetricsStore(dataDirectory: dir)
            var objects = (0..<4).map { ObjectMetrics(id: "o\($0)", name: nil) }
            objects[0].storedBytes = 8192
            objects[1].storedBytes = 4096
            try store.write(namespace: "N", seconds: [], objects: objects, retention: 60)
            #expect(try store.storedSize(namespace: "N") == (2, 12_288))
        }
    }
}
