// libFuzzer target: arbitrary bytes through the JSON model. A value that reads is written back, read again (it must
// be the same value), and checked against every tool input schema in Schemas/ (read once, from the package root the
// fuzzer runs in). Built by scripts/fuzz.sh with the JSONModel sources; not part of the Swift package.
import Foundation

private let validators: [JSONSchemaValidator] = {
    let folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Schemas")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.sorted().filter { $0.hasSuffix(".input.json") }.compactMap { name in
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path),
              let schema = try? JSONReader.read(data) else { return nil }
        return JSONSchemaValidator(schema: schema)
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func jsonFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let value = try? JSONReader.read(bytes) else { return 0 }
    var writer = JSONWriter()
    writer.write(value)
    guard let again = try? JSONReader.read(writer.bytes) else { fatalError("written JSON does not read back") }
    if !JSONSchemaValidator.equal(value, again) { fatalError("JSON changed on a write and read round trip") }
    for validator in validators { _ = validator.violations(of: value) }
    return 0
}
