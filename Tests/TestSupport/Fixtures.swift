import Foundation

/// Reads fixture files of a test target (`Tests/<Target>/Fixtures/...`) relative to the package root.
package enum Fixtures {
    package static func url(_ target: String, _ path: String) -> URL {
        TestPaths.packageRoot.appendingPathComponent("Tests/\(target)/Fixtures/\(path)")
    }

    package static func data(_ target: String, _ path: String) throws -> Data {
        try Data(contentsOf: url(target, path))
    }
}
