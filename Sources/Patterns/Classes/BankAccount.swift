import DurableObjects
import JSONModel

/// `BANK_ACCOUNT`: balances of several accounts in one object, moved in SQL transactions.
///
/// One object holds the accounts that must change together (a ledger): a transfer is one `transactionSync`
/// that checks the source balance, debits and credits, and appends to the ledger; insufficient funds throw
/// inside the transaction, so nothing changes. Amounts are integers (cents): no rounding.
final class BankAccount: DurableObject {
    func call(_ method: String, _ args: JSON, context: isolated ObjectContext) async throws -> JSON {
        let a = Arguments(args)
        let storage = context.storage
        let now = context.clock.nowMilliseconds
        switch method {
        case "deposit":
            let account = try a.string("account")
            let amount = try Self.amount(a)
            let balance = try storage.transactionSync {
                try Self.credit(account, amount, storage)
                try Self.log("deposit", account, nil, amount, now, storage)
                return try Self.balance(account, storage)
            }
            return ["balance": .number(Double(balance))]
        case "withdraw":
            let account = try a.string("account")
            let amount = try Self.amount(a)
            let balance = try storage.transactionSync {
                try Self.debit(account, amount, storage)
                try Self.log("withdraw", account, nil, amount, now, storage)
                return try Self.balance(account, storage)
            }
            return ["balance": .number(Double(balance))]
        case "transfer":
            let from = try a.string("from")
            let to = try a.string("to")
            let amount = try Self.amount(a)
            guard from != to else { throw DurableObjectError.badField("to", "must differ from \"from\"") }
            let (fromBalance, toBalance) = try storage.transactionSync {
                try Self.debit(from, amount, storage)
                try Self.credit(to, amount, storage)
                try Self.log("transfer", from, to, amount, now, storage)
                return (try Self.balance(from, storage), try Self.balance(to, storage))
            }
            return ["from": ["account": .string(from), "balance": .number(Double(fromBalance))], "to": ["account": .string(to), "balance": .number(Double(toBalance))]]
        case "balance":
            return ["balance": .number(Double(try Self.balance(try a.string("account"), storage)))]
        case "summary":
            let rows = try storage.sql.exec("SELECT account, balance FROM accounts ORDER BY account").raw()
            let total = rows.reduce(0) { $0 + $1[1].int }
            let entries = try storage.sql.exec("SELECT count(*) FROM ledger").one().values[0].int
            return [
                "accounts": .array(rows.map { ["account": .string($0[0].text), "balance": .number(Double($0[1].int))] }),
                "total": .number(Double(total)), "ledgerEntries": .number(Double(entries)),
            ]
        default:
            throw DurableObjectError(.notFound, "BankAccount has no method \"\(method)\".")
        }
    }

    private static func amount(_ a: Arguments) throws -> Int {
        let amount = try a.int("amount")
        guard amount > 0 else { throw DurableObjectError.badField("amount", "must be a positive integer") }
        return amount
    }

    private static func balance(_ account: String, _ storage: ObjectStorage) throws -> Int {
        try storage.sql.exec("SELECT balance FROM accounts WHERE account = ?", .text(account)).raw().first?[0].int ?? 0
    }

    private static func credit(_ account: String, _ amount: Int, _ storage: ObjectStorage) throws {
        try storage.sql.exec(
            "INSERT INTO accounts (account, balance) VALUES (?, ?) ON CONFLICT (account) DO UPDATE SET balance = balance + excluded.balance",
            .text(account), .integer(Int64(amount)))
    }

    private static func debit(_ account: String, _ amount: Int, _ storage: ObjectStorage) throws {
        let balance = try balance(account, storage)
        guard balance >= amount else {
            throw DurableObjectError(
                .userError, "Insufficient funds: account \"\(account)\" has \(balance), needs \(amount). Nothing was changed.",
                errorClass: "InsufficientFunds")
        }
        try storage.sql.exec("UPDATE accounts SET balance = balance - ? WHERE account = ?", .integer(Int64(amount)), .text(account))
    }

    private static func log(_ kind: String, _ account: String, _ counterparty: String?, _ amount: Int, _ at: Int64, _ storage: ObjectStorage) throws {
        try storage.sql.exec(
            "INSERT INTO ledger (kind, account, counterparty, amount, at) VALUES (?, ?, ?, ?, ?)",
            .text(kind), .text(account), counterparty.map { SQLBinding.text($0) } ?? .null, .integer(Int64(amount)), .integer(at))
    }

    static let objectClass = DurableObjectClass(name: "BankAccount", hasAlarmHandler: false) { context in
        _ = try await context.blockConcurrencyWhile {
            try context.storage.sql.exec(
                """
                CREATE TABLE IF NOT EXISTS accounts (account TEXT PRIMARY KEY, balance INTEGER NOT NULL CHECK (balance >= 0));
                CREATE TABLE IF NOT EXISTS ledger (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, account TEXT NOT NULL,
                    counterparty TEXT, amount INTEGER NOT NULL, at INTEGER NOT NULL)
                """)
        }
        return BankAccount()
    }

    private static let account = Schema.string("Account name.", minLength: 1, maxLength: 256)
    private static let amount = Schema.integer("Amount in the smallest unit (cents), positive.", minimum: 1, maximum: 1_000_000_000_000)
    private static let balanceResult = Schema.object(["balance": Schema.integer("Balance after the operation.")], required: ["balance"])

    static let pattern = PatternClass(
        binding: "BANK_ACCOUNT", objectClass: objectClass,
        summary: "Balances that must change atomically: deposits, withdrawals and transfers in SQL transactions.",
        implementation: """
            Accounts that move money between each other live in one object (its single-threaded input gate and \
            one database make a transfer atomic without locks). Each operation is one transactionSync: check the \
            balance, update both rows, append to the ledger; insufficient funds throw inside it, so nothing \
            changes, and the CHECK (balance >= 0) constraint is a second guard. Amounts are integer cents.
            """,
        methods: [
            MethodSpec(
                "deposit", "Adds `amount` to `account` (created on first deposit).",
                arguments: Schema.object(["account": account, "amount": amount], required: ["account", "amount"]),
                result: balanceResult),
            MethodSpec(
                "withdraw", "Takes `amount` from `account`; insufficient funds: an error, nothing changes.",
                arguments: Schema.object(["account": account, "amount": amount], required: ["account", "amount"]),
                result: balanceResult),
            MethodSpec(
                "transfer", "Moves `amount` from `from` to `to` atomically; insufficient funds: an error, nothing changes.",
                arguments: Schema.object(["from": account, "to": account, "amount": amount], required: ["from", "to", "amount"]),
                result: Schema.object(
                    [
                        "from": Schema.any("{account, balance} after the transfer."),
                        "to": Schema.any("{account, balance} after the transfer."),
                    ], required: ["from", "to"])),
            MethodSpec(
                "balance", "The balance of `account` (0 when unknown).",
                arguments: Schema.object(["account": account], required: ["account"]),
                result: balanceResult),
            MethodSpec(
                "summary", "Every account, the total and the ledger size.",
                result: Schema.object(
                    [
                        "accounts": Schema.array(Schema.any("{account, balance}"), "By name."),
                        "total": Schema.integer("Sum of balances."), "ledgerEntries": Schema.integer("Ledger rows."),
                    ], required: ["accounts", "total", "ledgerEntries"])),
        ],
        defaultWorkloadMethod: "transfer", defaultWorkloadArguments: ["amount": 10],
        makePlan: { method, _ in method == "transfer" ? BankPlan() as any WorkloadPlan : UncheckedPlan() })
}

/// Funds four accounts per object, runs random transfers between them, and checks that money is conserved and
/// no balance went negative.
final class BankPlan: WorkloadPlan {
    static let accounts = 4
    static let funding = 10_000
    private let state = Locked<[Int: Int]>([:])

    func prepare(_ target: WorkloadTarget) async throws {
        for k in 0..<Self.accounts {
            _ = try await target.callTouched("deposit", ["account": .string("acct-\(k)"), "amount": .number(Double(Self.funding))])
        }
        let totals = try await target.callTouched("summary")
        state.withLock { $0 = totals.mapValues { $0["total"]?.integer ?? 0 } }
    }

    func arguments(request: Int, object: Int, base: JSON) -> JSON {
        guard case .object(var m) = base else { return base }
        let from = request % Self.accounts
        let to = (from + 1 + (request / Self.accounts) % (Self.accounts - 1)) % Self.accounts
        if base["from"] == nil { m["from"] = .string("acct-\(from)") }
        if base["to"] == nil { m["to"] = .string("acct-\(to)") }
        if base["amount"] == nil { m["amount"] = 10 }
        return .object(m)
    }

    func verify(_ target: WorkloadTarget) async -> [WorkloadCheck] {
        let before = state.withLock { $0 }
        do {
            let after = try await target.callTouched("summary")
            var changed: [String] = []
            var negative: [String] = []
            var total = 0
            for (i, s) in after {
                let t = s["total"]?.integer ?? 0
                total += t
                if t != before[i] { changed.append("\(target.names[i]): \(before[i] ?? 0) → \(t)") }
                for acct in s["accounts"]?.arrayValue ?? [] where (acct["balance"]?.integer ?? 0) < 0 {
                    negative.append("\(target.names[i])/\(acct["account"]?.stringValue ?? "?")")
                }
            }
            return [
                WorkloadCheck(
                    "money_conserved", changed.isEmpty,
                    changed.isEmpty ? "\(after.count) objects hold \(total) in all, as before the transfers" : "totals changed: \(changed.prefix(5).joined(separator: "; "))"),
                WorkloadCheck(
                    "no_negative_balance", negative.isEmpty,
                    negative.isEmpty ? "no account below zero" : "negative: \(negative.prefix(5).joined(separator: ", "))"),
            ]
        } catch {
            return [WorkloadCheck("money_conserved", false, "could not read the accounts: \(error)")]
        }
    }
}
