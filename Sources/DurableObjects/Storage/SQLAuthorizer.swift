import GRDBSQLite

/// The SQL API's restrictions, enforced with SQLite's authorizer on object connections (semantics §7.3).
///
/// Internal statements (KV, metadata) run with `userMode == false` and are not checked. User statements
/// (`sql.exec`) run with `userMode == true`; a refusal records `denial`, which becomes the error message.
package final class SQLAuthorizerState: @unchecked Sendable {
    /// Whether statements being prepared come from user code.
    package var userMode = false
    /// Why the last statement was refused.
    package var denial: String?

    static let transactionMessage =
        "To execute a transaction, please use the state.storage.transaction() or state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. The JavaScript API is safer because it will automatically roll back on exceptions, and because it interacts correctly with Durable Objects' automatic atomic write coalescing."

    static let allowedPragmas: Set<String> = [
        "table_list", "table_info", "table_xinfo", "data_version", "page_size", "case_sensitive_like", "foreign_keys",
        "defer_foreign_keys", "ignore_check_constraints", "legacy_alter_table", "recursive_triggers",
        "reverse_unordered_selects", "foreign_key_check", "foreign_key_list", "index_info", "index_list",
        "index_xinfo", "quick_check", "optimize",
    ]
    static let booleanPragmas: Set<String> = [
        "case_sensitive_like", "foreign_keys", "defer_foreign_keys", "ignore_check_constraints", "legacy_alter_table",
        "recursive_triggers", "reverse_unordered_selects",
    ]
    static let booleanWords: Set<String> = ["true", "false", "yes", "no", "on", "off", "1", "0"]
    static let allowedModules: Set<String> = ["fts5", "fts5vocab", "rtree", "rtree_i32"]

    func install(on db: OpaquePointer) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_set_authorizer(db, { ctx, action, a1, a2, a3, _ in
            guard let ctx else { return SQLITE_OK }
            let state = Unmanaged<SQLAuthorizerState>.fromOpaque(ctx).takeUnretainedValue()
            guard state.userMode else { return SQLITE_OK }
            let s1 = a1.map { String(cString: $0) }
            let s2 = a2.map { String(cString: $0) }
            let s3 = a3.map { String(cString: $0) }
            if let reason = state.check(action: action, s1, s2, s3) {
                state.denial = reason
                return SQLITE_DENY
            }
            return SQLITE_OK
        }, context)
    }

    private static func reserved(_ name: String?) -> Bool {
        guard let name else { return false }
        return name.lowercased().hasPrefix("_cf_")
    }

    /// `nil` when allowed, else the reason.
    func check(action: Int32, _ a1: String?, _ a2: String?, _ a3: String?) -> String? {
        if let db = a3, db != "main" { return "not authorized" }
        switch action {
        case SQLITE_TRANSACTION, SQLITE_SAVEPOINT:
            return Self.transactionMessage
        case SQLITE_ATTACH, SQLITE_DETACH,
            SQLITE_CREATE_TEMP_TABLE, SQLITE_CREATE_TEMP_INDEX, SQLITE_CREATE_TEMP_TRIGGER, SQLITE_CREATE_TEMP_VIEW,
            SQLITE_DROP_TEMP_TABLE, SQLITE_DROP_TEMP_INDEX, SQLITE_DROP_TEMP_TRIGGER, SQLITE_DROP_TEMP_VIEW:
            return "not authorized"
        case SQLITE_READ, SQLITE_UPDATE:
            if Self.reserved(a1) { return "access to \(a1 ?? "").\(a2 ?? "") is prohibited" }
            return nil
        case SQLITE_INSERT, SQLITE_DELETE, SQLITE_CREATE_TABLE, SQLITE_DROP_TABLE, SQLITE_CREATE_VIEW,
            SQLITE_DROP_VIEW, SQLITE_ANALYZE:
            return Self.reserved(a1) ? "not authorized" : nil
        case SQLITE_CREATE_INDEX, SQLITE_DROP_INDEX, SQLITE_CREATE_TRIGGER, SQLITE_DROP_TRIGGER:
            return Self.reserved(a1) || Self.reserved(a2) ? "not authorized" : nil
        case SQLITE_ALTER_TABLE:
            return Self.reserved(a2) ? "not authorized" : nil
        case SQLITE_CREATE_VTABLE, SQLITE_DROP_VTABLE:
            if Self.reserved(a1) { return "not authorized" }
            return Self.allowedModules.contains((a2 ?? "").lowercased()) ? nil : "not authorized"
        case SQLITE_PRAGMA:
            let name = (a1 ?? "").lowercased()
            guard Self.allowedPragmas.contains(name) else { return "not authorized" }
            if let arg = a2 {
                if Self.booleanPragmas.contains(name) {
                    let word = arg.lowercased().trimmingCharacters(in: ["'", "\""])
                    return Self.booleanWords.contains(word) ? nil : "not authorized"
                }
                if name == "data_version" || name == "page_size" { return "not authorized" }
                if Self.reserved(arg) { return "not authorized" }
            }
            return nil
        case SQLITE_FUNCTION:
            let name = (a2 ?? "").lowercased()
            if name.hasPrefix("sqlite_") || name == "load_extension" || name == "fts3_tokenizer" {
                return "not authorized to use function: \(a2 ?? "")"
            }
            return nil
        case SQLITE_RECURSIVE, SQLITE_SELECT, SQLITE_REINDEX:
            return nil
        default:
            return nil
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
