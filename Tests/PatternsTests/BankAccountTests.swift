import DurableObjects
import JSONModel
import TestSupport
import Testing

@testable import Patterns

struct BankAccountTests {
    @Test func depositWithdrawAndTransferMoveMoney() async throws {
        try await withPatterns { p, _ in
            #expect(try await p.call("BANK_ACCOUNT", "bank", "deposit", ["account": "alice", "amount": 100])["balance"] == 100)
            #expect(try await p.call("BANK_ACCOUNT", "bank", "withdraw", ["account": "alice", "amount": 30])["balance"] == 70)
            let t = try await p.call("BANK_ACCOUNT", "bank", "transfer", ["from": "alice", "to": "bob", "amount": 20])
            #expect(t["from"]?["balance"] == 50)
            #expect(t["to"]?["balance"] == 20)
            #expect(try await p.call("BANK_ACCOUNT", "bank", "balance", ["account": "bob"])["balance"] == 20)
            #expect(try await p.call("BANK_ACCOUNT", "bank", "summary")["total"] == 70)
        }
    }

    @Test func insufficientFundsIsAnErrorAndChangesNothing() async throws {
        try await withPatterns { p, _ in
            _ = try await p.call("BANK_ACCOUNT", "bank", "deposit", ["account": "alice", "amount": 10])
            let before = try await p.call("BANK_ACCOUNT", "bank", "summary")
            for (method, args) in [
                ("transfer", ["from": "alice", "to": "bob", "amount": 11] as JSON),
                ("withdraw", ["account": "alice", "amount": 11]),
            ] {
                do {
                    _ = try await p.call("BANK_ACCOUNT", "bank", method, args)
                    Issue.record("\(method) of 11 from 10 succeeded")
                } catch let e as DurableObjectError {
                    #expect(e.errorClass == "InsufficientFunds")
                    #expect(e.message.contains("Insufficient funds"))
                }
            }
            #expect(try await p.call("BANK_ACCOUNT", "bank", "summary") == before)
        }
    }
}
