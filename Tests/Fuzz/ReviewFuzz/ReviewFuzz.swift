// libFuzzer target: arbitrary bytes through the reviewer, as TypeScript, JavaScript (with JSX), wrangler.toml and
// wrangler.jsonc. The first byte chooses the kind; the rest is the file. Built with the CodeReview sources by
// scripts/fuzz.sh (swiftc -sanitize=fuzzer,address); not part of the Swift package.

@_cdecl("LLVMFuzzerTestOneInput")
public func reviewFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let kind = data[0] % 4
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    let names = ["src/index.ts", "src/app.jsx", "wrangler.toml", "wrangler.jsonc"]
    let file = SourceFile(path: names[Int(kind)], content: text)
    let request: ReviewRequest
    if kind < 2 {
        request = ReviewRequest(files: [file], wrangler: nil, maxFindings: 100)
    } else {
        request = ReviewRequest(files: [SourceFile(path: "src/index.ts", content: "export class A {}")], wrangler: file, maxFindings: 100)
    }
    _ = Reviewer().review(request)
    return 0
}
