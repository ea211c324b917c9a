import DurableObjects
import JSONModel
import Testing

@testable import Patterns

/// The placeholders of `runWorkload {call, request}` and the parsing of those options.
struct WorkloadTemplateTests {
    let template = WorkloadTemplate(seed: 5, names: ["room-0", "room-1"])

    @Test func placeholdersAreFilledInEveryStringAndAloneBecomeNumbers() {
        let args: JSON = [.string("{{object}}/{{i}}"), .string("{{i}}"), .string("{{random}}"), ["deep": [.string("x{{random}}y")], "n": 3]]
        let filled = template.fill(args, request: 7, object: 1)
        let random = template.random(7)
        #expect(filled == [.string("room-1/7"), .number(7), .number(Double(random)), ["deep": [.string("x\(random)y")], "n": 3]])
        #expect(WorkloadTemplate.hasPlaceholders(args))
        #expect(!WorkloadTemplate.hasPlaceholders([.string("plain"), 1, ["k": .string("{single}")]]))
        #expect(template.fill("no placeholder", request: 1, object: 0) == "no placeholder")
    }

    @Test func randomValuesDependOnTheSeedAndTheRequestOnly() {
        #expect(template.random(3) == WorkloadTemplate(seed: 5, names: []).random(3))
        #expect(template.random(3) != template.random(4))
        #expect(template.random(3) != WorkloadTemplate(seed: 6, names: []).random(3))
        #expect((0..<1000).allSatisfy { template.random($0) <= UInt64(UInt32.max) })
        #expect(Set((0..<1000).map { template.random($0) }).count > 990)
    }

    @Test func callAndRequestDecodeAndMisuseIsNamed() throws {
        let decoder = JSONValueDecoder()
        let call = try decoder.decode(WorkloadCall.self, from: ["method": "add", "args": [1, "{{i}}"]])
        #expect(call == WorkloadCall(method: "add", args: [1, .string("{{i}}")]))
        let request = try decoder.decode(WorkloadRequest.self, from: ["url": "https://a/{{i}}", "method": "post", "headers": ["x": "1"], "body": "{}"])
        #expect(request == WorkloadRequest(method: "POST", url: "https://a/{{i}}", headers: ["x": "1"], body: "{}"))
        var options = WorkloadOptions(namespace: "", requests: 3)
        options.request = request
        try options.validate()
        func message(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "accepted"
            } catch let e as PatternError { return e.message } catch { return "\(error)" }
        }
        func validate(_ namespace: String, _ edit: (inout WorkloadOptions) -> Void) -> String {
            message {
                var options = WorkloadOptions(namespace: namespace, requests: 3)
                edit(&options)
                try options.validate()
            }
        }
        #expect(validate("") { _ in }.contains("namespace is required"))
        #expect(message { _ = try decoder.decode(WorkloadCall.self, from: ["args": []]) }.contains("call.method is required"))
        #expect(message { _ = try decoder.decode(WorkloadCall.self, from: ["method": "a", "args": ["k": 1]]) }.contains("JSON array"))
        #expect(message { _ = try decoder.decode(WorkloadRequest.self, from: ["method": "GET"]) }.contains("request.url is required"))
        #expect(message { _ = try decoder.decode(WorkloadRequest.self, from: ["url": "https://a/", "headers": ["x": 1]]) }.contains("request.headers.x"))
        #expect(message { _ = try decoder.decode(WorkloadRequest.self, from: ["url": "https://a/", "body": "{}"]) }.contains("cannot go with GET"))
        #expect(validate("X") { $0.request = request }.contains("leave namespace out"))
        #expect(validate("") { $0.request = request; $0.call = call }.contains("not both"))
        #expect(validate("X") { $0.call = call; $0.args = ["by": 1] }.contains("call: {method, args}"))
    }

    @Test func aCallOnABuiltInNamespaceOrWithoutAWorkerIsRefused() async throws {
        try await withPatterns { p, _ in
            var options = WorkloadOptions(namespace: "COUNTER", requests: 3)
            options.call = WorkloadCall(method: "increment")
            await #expect(throws: PatternError.self) { try await p.runWorkload(options) }
            var request = WorkloadOptions(namespace: "", requests: 3)
            request.request = WorkloadRequest(url: "https://a/")
            do {
                _ = try await p.runWorkload(request)
                Issue.record("a request workload ran without a Worker")
            } catch let e as PatternError {
                #expect(e.message.contains("no Worker is loaded"))
            }
        }
    }
}
