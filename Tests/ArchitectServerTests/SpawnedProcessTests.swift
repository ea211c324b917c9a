#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TestSupport

/// The test harness's children keep only their standard descriptors: a descriptor of this process left open across
/// a spawn would stay open in the child (an executable still open for writing there cannot be started).
struct SpawnedProcessTests {
    @Test func aChildInheritsOnlyItsStandardDescriptors() throws {
        let path = TestPaths.temporaryFolder("spawn").appendingPathComponent("open-for-writing").path
        let fd = open(path, O_WRONLY | O_CREAT, 0o600)  // no O_CLOEXEC, on purpose
        #expect(fd > 2)
        defer { close(fd) }
        let (status, output) = try SpawnedProcess.run(URL(fileURLWithPath: "/bin/ls"), ["/proc/self/fd"])
        #expect(status == 0)
        let listed = String(decoding: output, as: UTF8.self).split(separator: "\n").compactMap { Int32($0) }
        #expect(!listed.contains(fd), "the child holds \(listed)")
        #expect(listed.allSatisfy { $0 <= 3 }, "0, 1, 2 and the folder ls reads: \(listed)")
    }
}
