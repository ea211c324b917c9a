import DurableObjects
import JSONModel
import TestSupport
import Testing

@testable import Patterns

struct PatternCatalogTests {
    @Test func bindingsAndClassNamesFollowTheSeed() {
        #expect(PatternCatalog.all.map(\.binding) == [
            "COUNTER", "RATE_LIMITER", "USER_SESSION", "CHAT_ROOM", "SHARDED_COUNTER", "WEBHOOK_PROCESSOR", "TASK_RUNNER",
            "BANK_ACCOUNT", "LAB",
        ])
        #expect(PatternCatalog.all.map(\.className) == [
            "Counter", "RateLimiter", "UserSession", "ChatRoom", "ShardedCounter", "WebhookProcessor", "TaskRunner",
            "BankAccount", "Lab",
        ])
    }

    @Test(arguments: PatternCatalog.all.map(\.binding))
    func everyClassDescribesItsMethodsAndItsDefaultWorkload(binding: String) throws {
        let c = try PatternCatalog.pattern(binding)
        #expect(!c.summary.isEmpty && !c.implementation.isEmpty)
        #expect(!c.methods.isEmpty)
        for m in c.methods {
            #expect(m.arguments["type"] == "object", "\(binding).\(m.name) arguments")
            #expect(m.arguments["additionalProperties"] == false)
            #expect(m.result["type"] != nil, "\(binding).\(m.name) result")
        }
        let spec = try c.method(c.defaultWorkloadMethod)
        #expect(spec.transport == .rpc)
        let plan = c.makePlan(c.defaultWorkloadMethod, c.defaultWorkloadArguments)
        try ArgumentValidator.validate(plan.arguments(request: 0, object: 0, base: c.defaultWorkloadArguments), against: spec.arguments)
    }

    @Test func anUnknownNamespaceListsTheNamespaces() async throws {
        try await withPatterns { p, _ in
            do {
                _ = try await p.invoke(namespace: "COUNTERS", object: .name("a"), method: "get")
                Issue.record("no error")
            } catch let e as PatternError {
                #expect(e.code == .unknownNamespace)
                #expect(e.message.contains("COUNTER, RATE_LIMITER"))
            }
        }
    }

    @Test func anUnknownMethodListsTheMethods() async throws {
        try await withPatterns { p, _ in
            do {
                _ = try await p.invoke(namespace: "COUNTER", object: .name("a"), method: "decrement")
                Issue.record("no error")
            } catch let e as PatternError {
                #expect(e.code == .unknownMethod)
                #expect(e.message.contains("Methods: increment, get"))
            }
        }
    }

    @Test(arguments: [
        (["by": "two"] as JSON, "`args.by` must be an integer, got a string"),
        (["step": 1], "Unknown property `step` in `args`. Allowed: `by`."),
        (["by": 1.5], "`args.by` must be an integer, got a number (1.5)"),
    ] as [(JSON, String)])
    func badArgumentsNameTheField(args: JSON, message: String) async throws {
        try await withPatterns { p, _ in
            do {
                _ = try await p.invoke(namespace: "COUNTER", object: .name("a"), method: "increment", args: args)
                Issue.record("no error")
            } catch let e as PatternError {
                #expect(e.code == .invalidArguments)
                #expect(e.message.contains(message), "\(e.message)")
            }
        }
    }

    @Test func aMissingRequiredFieldIsNamed() throws {
        let spec = try PatternCatalog.pattern("BANK_ACCOUNT").method("transfer")
        do {
            try ArgumentValidator.validate(["from": "a", "amount": 1], against: spec.arguments)
            Issue.record("no error")
        } catch let error as PatternError {
            #expect(error.code == .invalidArguments)
            #expect(error.message.hasPrefix("`args.to` is required"), "\(error.message)")
        }
    }

    @Test func invokeByIdReachesTheSameObjectAsByName() async throws {
        try await withPatterns { p, _ in
            let byName = try await p.invoke(namespace: "COUNTER", object: .name("a"), method: "increment")
            let byId = try await p.invoke(namespace: "COUNTER", object: .id(byName.id), method: "get")
            #expect(byId.result["value"] == 1)
            #expect(byName.name == "a" && byId.name == nil)
        }
    }

    @Test func listNamespacesCountsStoredObjects() async throws {
        try await withPatterns { p, _ in
            _ = try await p.call("COUNTER", "a", "increment")
            _ = try await p.call("COUNTER", "b", "increment")
            #expect(p.runtime.namespace("COUNTER")?.storedObjectIds().count == 2)
            let counter = p.classes.first { $0.binding == "COUNTER" }
            #expect(counter?.className == "Counter")
            #expect(counter?.methods.count == 2)
        }
    }

    @Test func resetRemovesObjectsAndTheirStorage() async throws {
        try await withPatterns { p, _ in
            _ = try await p.call("COUNTER", "a", "increment")
            _ = try await p.call("COUNTER", "b", "increment")
            #expect(try await p.reset(namespace: "COUNTER", object: .name("a")) == ["COUNTER": 1])
            #expect(try await p.call("COUNTER", "a", "get")["value"] == 0)
            #expect(try await p.call("COUNTER", "b", "get")["value"] == 1)
            let all = try await p.reset()
            #expect(all["COUNTER"] == 1)
        }
    }
}
