/// Writes a TypeScript Durable Object class, its front Worker and a wrangler config for a design.
///
/// Every skeleton follows the fact sheet's practices: a SQLite-backed class created with `new_sqlite_classes`, schema
/// migrations in the constructor under `blockConcurrencyWhile` tracked in `_sql_schema_migrations`, RPC methods called
/// with `getByName` and awaited, bound SQL parameters, alarms rather than timers, the Hibernation API for WebSockets.
/// `AdvisorTests` runs every skeleton through `CodeReview` and requires zero findings.
package enum SkeletonWriter {
    /// The compatibility date the configs use (the newest behaviours in the fact sheet need 2026-10-01 or earlier).
    package static let compatibilityDate = "2026-10-01"

    /// The skeleton for a Durable Object use case, or nil for other products.
    package static func skeleton(useCase: UseCase, shards: Int, jurisdiction: Requirements.Jurisdiction?, retentionDays: Double?) -> Recommendation.Skeleton? {
        guard let template = useCase.template, let scheme = useCase.nameScheme else { return nil }
        let prefix = String(scheme.prefix { $0 != ":" })
        let parameter = scheme.split(separator: "<").last.map { String($0.dropLast()) } ?? "id"
        let context = SkeletonContext(
            className: useCase.className, binding: useCase.binding, prefix: prefix, idParameter: parameter, shards: shards,
            jurisdiction: jurisdiction, usesAlarms: useCase.features.contains(.alarms), retentionDays: retentionDays)
        let (schema, front, body) = Templates.parts(template, context)
        let typescript = module(context, schema: schema, front: front, body: body, extraEnv: template == .webhookQueue ? "  TARGET_URL: string;\n" : "")
        return Recommendation.Skeleton(
            className: useCase.className, binding: useCase.binding, typescriptPath: "src/index.ts", typescript: typescript,
            wranglerPath: "wrangler.jsonc", wrangler: wrangler(useCase: useCase, template: template), configStyle: "migrations")
    }

    /// The tables a template creates, for the storage advice.
    package static func schema(useCase: UseCase) -> [String] {
        guard let template = useCase.template else { return [] }
        let context = SkeletonContext(className: "", binding: "", prefix: "", idParameter: "id", shards: 1, jurisdiction: nil, usesAlarms: false)
        return Templates.parts(template, context).schema
    }

    static func module(_ c: SkeletonContext, schema: [String], front: String, body: String, extraEnv: String) -> String {
        let statements = schema.map { "CREATE \($0);" }.joined(separator: "\n        ")
        return """
        import { DurableObject } from "cloudflare:workers";

        export interface Env {
          \(c.binding): DurableObjectNamespace<\(c.className)>;
        \(extraEnv)}

        // The front Worker authenticates, validates and routes each request to one object by name.
        export default {
          async fetch(request: Request, env: Env): Promise<Response> {
        \(front)
          },
        } satisfies ExportedHandler<Env>;

        const SCHEMA_MIGRATIONS: string[] = [
          `\(statements)`,
        ];

        export class \(c.className) extends DurableObject<Env> {
          constructor(ctx: DurableObjectState, env: Env) {
            super(ctx, env);
            // Schema migrations run before any request is delivered, on every wake.
            ctx.blockConcurrencyWhile(async () => {
              this.migrate();
            });
          }

          private migrate(): void {
            const sql = this.ctx.storage.sql;
            sql.exec("CREATE TABLE IF NOT EXISTS _sql_schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
            const applied = sql.exec<{ version: number }>("SELECT COALESCE(MAX(version), 0) AS version FROM _sql_schema_migrations").one().version;
            for (let version = applied + 1; version <= SCHEMA_MIGRATIONS.length; version++) {
              this.ctx.storage.transactionSync(() => {
                sql.exec(SCHEMA_MIGRATIONS[version - 1]);
                sql.exec("INSERT INTO _sql_schema_migrations (version, applied_at) VALUES (?, ?)", version, Date.now());
              });
            }
          }
        \(body)
        }

        """
    }

    static func wrangler(useCase: UseCase, template: UseCase.Template) -> String {
        let vars = template == .webhookQueue ? "\n  \"vars\": { \"TARGET_URL\": \"https://example.com/webhooks\" }," : ""
        return """
        {
          "$schema": "node_modules/wrangler/config-schema.json",
          "name": "\(useCase.id)",
          "main": "src/index.ts",
          "compatibility_date": "\(compatibilityDate)",
          "durable_objects": {
            "bindings": [{ "name": "\(useCase.binding)", "class_name": "\(useCase.className)" }]
          },
          // SQLite-backed class: new_sqlite_classes (new_classes would make a legacy KV-backed class).
          "migrations": [{ "tag": "v1", "new_sqlite_classes": ["\(useCase.className)"] }],\(vars)
          "observability": { "enabled": true }
        }

        """
    }
}
