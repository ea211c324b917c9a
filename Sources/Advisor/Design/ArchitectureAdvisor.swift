import Foundation

/// Designs an architecture from a description and optional requirements: the product, the objects and their names,
/// the shard count, storage advice, a skeleton, the monthly cost, the limits approached, the docs behind each point,
/// the assumptions made and the questions that would change the design.
///
/// Pure and deterministic: the same input gives the same recommendation. Running the design on the embedded runtime
/// (`verify: true`) is the caller's job: `Recommendation.workload` says what to run and `Recommendation.verification`
/// is where the measured figures go.
package struct ArchitectureAdvisor: Sendable {
    /// Longest description accepted (characters); the input schema says the same.
    package static let maxDescriptionLength = 4_000

    private let extractor = RequirementExtractor()
    private let selector = UseCaseSelector()
    private let tradeoffReader = TradeoffReader()

    package init() {}

    /// The recommendation for a use case described in free text, with requirements that win over the text.
    package func recommend(description: String, requirements given: Requirements = Requirements()) -> Recommendation {
        let (quantities, textSignals) = extractor.extract(from: description)
        var signals = Set(textSignals)
        if given.consistency == .strong { signals.insert(.strongConsistency) }
        if given.consistency == .eventual { signals.insert(.eventualConsistency) }
        if let ratio = given.readWriteRatio, ratio >= 20 { signals.insert(.readHeavy) }
        if (given.connectionsPerEntity ?? 0) > 0 { signals.insert(.websocket) }
        if given.scheduledWork == true { signals.insert(.schedule) }

        var choice = selector.choose(signals: signals)
        // Trade-offs (staleness, exactness, query shape, read/write ratio, fan-out) may move the primitive.
        let decision = TradeoffDecision(
            tradeoffs: tradeoffReader.read(description: description, requirements: given), signals: signals,
            chosen: choice.useCase.primitive)
        if let primitive = decision.primitive, primitive != choice.useCase.primitive {
            choice = selector.choose(signals: signals, among: primitive)
        }
        let useCase = choice.useCase
        var figures = WorkloadFigures(useCase: useCase, given: given, quantities: quantities, description: description)
        if choice.score == 0 {
            figures.assumptions.insert("The description names no use case the advisor recognises; assumed strongly consistent per-entity state.", at: 0)
        }
        let confidence: Recommendation.Confidence = choice.score >= 6 ? .high
            : choice.score >= 3 || decision.decidedBy != nil ? .medium : .low
        let isDO = useCase.primitive == .durableObjects

        var reasons = useCase.reasons
        if let deciding = decision.tradeoffs.first(where: \.deciding) {
            reasons.insert(UseCaseCatalog.point("Deciding trade-off, \(deciding.kind.rawValue) (\(deciding.evidence ?? deciding.reading.rawValue)): \(deciding.effect)", "choosing-storage", "do-vs-kv"), at: 0)
        }
        var combination = [UseCaseCatalog.part(useCase.primitive, "main: " + useCase.summary)]
        combination += useCase.combination
        if isDO { combination.append(UseCaseCatalog.frontWorker) }
        combination += extraParts(signals: signals, main: useCase, existing: combination)

        var shards: Recommendation.ShardPlan?
        var idStrategy: Recommendation.IdStrategy?
        var storage: Recommendation.StorageAdvice?
        var skeleton: Recommendation.Skeleton?
        var monthlyCost: CostEstimate?
        var limits: [Recommendation.LimitCheck]
        var granularity = Recommendation.Granularity(per: useCase.per, nameScheme: useCase.nameScheme)
        var workload: Recommendation.WorkloadPlan?

        if isDO {
            let plan = ShardPlanner.plan(useCase: useCase, figures: figures)
            shards = plan
            if plan.perEntity > 1, let scheme = useCase.nameScheme { granularity.nameScheme = scheme + ":<shard>" }
            idStrategy = Self.idStrategy(useCase: useCase, scheme: granularity.nameScheme ?? "", jurisdiction: figures.jurisdiction)
            storage = Self.storageAdvice(useCase: useCase, figures: figures)
            skeleton = SkeletonWriter.skeleton(useCase: useCase, shards: plan.perEntity, jurisdiction: figures.jurisdiction, retentionDays: figures.retentionDays)
            monthlyCost = DesignCost.estimate(useCase: useCase, figures: figures, shards: plan)
            limits = LimitChecker.durableObjectLimits(useCase: useCase, figures: figures, shards: plan)
            workload = Self.workload(useCase: useCase, shards: plan)
            reasons.append(UseCaseCatalog.point(plan.explanation, "single-threaded-execution", "pattern-sharded-counter"))
            if let jurisdiction = figures.jurisdiction {
                reasons.append(UseCaseCatalog.point("Objects are created in the \(jurisdiction.rawValue) jurisdiction, so they run and store data only there; the same name gives a different object in another jurisdiction.", "jurisdictions-location-hints"))
            }
        } else {
            limits = LimitChecker.otherProductLimits(useCase: useCase, figures: figures)
            figures.assumptions = Self.otherProductAssumptions(useCase: useCase, figures: figures, signals: signals, given: given)
        }

        let costNote = isDO
            ? "Durable Objects only, Workers Paid prices (\(PriceSheet.source)); the front Worker's own requests and CPU and any other product in the combination are not included."
            : "The fact sheet this server relies on does not list \(useCase.primitive.displayName) prices, so no figure is given: check the product's pricing page. A Durable Object design would be billed per request, per 128 MB-second of active time, per SQLite row and per GB-month (\(PriceSheet.source))."

        var questions = Self.figureQuestions(useCase: useCase, figures: figures) + useCase.questions
        questions += decision.tradeoffs.filter { $0.reading == .notStated }.map(\.question)
        if confidence == .low {
            questions.insert("What is the unit of coordination: what must never be updated by two requests at once (a room, a document, a user, an account)?", at: 0)
        }
        if !choice.alternatives.isEmpty, let runnerUp = choice.alternatives.first, runnerUp.score >= choice.score - 1,
           let other = UseCaseCatalog.useCase(runnerUp.id) {
            questions.append("The description also fits \"\(other.id)\" (\(other.primitive.displayName), \(other.per)). Which is closer?")
        }

        var docs: [String] = []
        func collect(_ list: [String]) { for doc in list where !docs.contains(doc) { docs.append(doc) } }
        collect(useCase.docs)
        reasons.forEach { collect($0.docs) }
        useCase.rejected.forEach { collect($0.docs) }
        idStrategy.map { collect($0.docs) }
        storage?.advice.forEach { collect($0.docs) }
        limits.forEach { collect($0.docs) }
        if isDO { collect(["pricing", "pricing-examples"]) }

        let summary = Self.summary(useCase: useCase, granularity: granularity, shards: shards, cost: monthlyCost)
        return Recommendation(
            primitive: useCase.primitive, pattern: useCase.id, summary: summary, confidence: confidence, combination: combination,
            reasons: reasons, rejected: useCase.rejected, granularity: granularity, idStrategy: idStrategy, shards: shards,
            storage: storage, skeleton: skeleton, monthlyCost: monthlyCost, costNote: costNote, limits: limits, docs: docs,
            extracted: Recommendation.Extraction(quantities: quantities, signals: signals.sorted()),
            requirements: isDO ? figures.requirements : figures.reportedRequirements, assumptions: figures.assumptions, questions: questions, workload: workload,
            verification: nil, tradeoffs: decision.tradeoffs, decidedBy: decision.decidedBy?.rawValue)
    }

    // MARK: - Parts

    /// Products named in the description besides the main one (attachments → R2, telemetry → Analytics Engine...).
    private func extraParts(signals: Set<Signal>, main: UseCase, existing: [Recommendation.Part]) -> [Recommendation.Part] {
        let roles: [(Signal, Primitive, String)] = [
            (.files, .r2, "files and images; the object keeps only their keys"),
            (.analytics, .analyticsEngine, "time-series analytics of the events"),
            (.backgroundJobs, .queues, "background jobs that need no ordering"),
            (.relational, .d1, "queries and reports across all entities"),
            (.embeddings, .vectorize, "embeddings and similarity search"),
            (.postgres, .hyperdrive, "access to the existing database"),
            (.config, .workersKV, "read-mostly configuration cached near users"),
        ]
        return roles.compactMap { signal, primitive, role in
            guard signals.contains(signal), primitive != main.primitive, !existing.contains(where: { $0.primitive == primitive }) else { return nil }
            return UseCaseCatalog.part(primitive, role)
        }
    }

    static func idStrategy(useCase: UseCase, scheme: String, jurisdiction: Requirements.Jurisdiction?) -> Recommendation.IdStrategy {
        let parameter = scheme.split(separator: "<").dropFirst().first.map { String($0.prefix { $0 != ">" }) } ?? "id"
        let prefix = String(scheme.prefix { $0 != ":" })
        let namespace = jurisdiction.map { "env.\(useCase.binding).jurisdiction(\"\($0.rawValue)\")" } ?? "env.\(useCase.binding)"
        let name = scheme.contains("<shard>") ? "`\(prefix):${\(parameter)}:${shard}`" : "`\(prefix):${\(parameter)}`"
        var why = "Deterministic names let any Worker reach the same object with no lookup; use newUniqueId only if you store the id-to-entity mapping yourself."
        if let jurisdiction {
            why += " The namespace is restricted with .jurisdiction(\"\(jurisdiction.rawValue)\") rather than per id, as Cloudflare recommends."
        }
        return Recommendation.IdStrategy(
            method: "getByName", nameScheme: scheme, jurisdiction: jurisdiction,
            example: "const stub = \(namespace).getByName(\(name));", why: why,
            docs: jurisdiction == nil ? ["ids-and-names", "anti-unique-id-per-request"] : ["ids-and-names", "jurisdictions-location-hints"])
    }

    static func storageAdvice(useCase: UseCase, figures: WorkloadFigures) -> Recommendation.StorageAdvice {
        var advice = [
            UseCaseCatalog.point("Use a SQLite-backed class (new_sqlite_classes, or an exports entry with storage \"sqlite\"): SQL, indexes, point-in-time recovery and the synchronous KV API. New KV-backed classes can no longer be created on most accounts.", "migrations-and-exports", "anti-kv-backed-new-class"),
            UseCaseCatalog.point("Run schema migrations in the constructor inside blockConcurrencyWhile, tracking the version in a _sql_schema_migrations table; never use blockConcurrencyWhile per request (about 5 ms each caps an object near 200 requests/s).", "constructor-initialization", "anti-bcw-per-request"),
            UseCaseCatalog.point("Persist before replying: memory holds caches only and is lost on eviction, hibernation or a crash. Bind SQL parameters with ?, never build query strings.", "anti-unpersisted-state", "anti-sql-string-built"),
        ]
        if useCase.features.contains(.transactions) {
            advice.append(UseCaseCatalog.point("Check-and-set in transactionSync(): the read, the check and the write commit together, and a throw rolls everything back.", "transactions", "write-coalescing"))
        } else {
            advice.append(UseCaseCatalog.point("Single statements and writes with no await between them are atomic (input gates and write coalescing); if a handler awaits a fetch or another object between reading and writing, re-check the value before writing (check-and-set).", "input-output-gates", "anti-rmw-across-await"))
        }
        if useCase.features.contains(.alarms) || figures.scheduledWork {
            advice.append(UseCaseCatalog.point("Use the alarm, not setTimeout: one alarm per object, at-least-once and retried up to 6 times with backoff, so handlers are idempotent, check getAlarm() before setting, and never reschedule without a delay and a stop condition.", "alarms", "alarm-retries"))
        }
        if let days = figures.retentionDays {
            advice.append(UseCaseCatalog.point("Keep \(Quantity.format(days)) days of data: a daily alarm deletes older rows and stops when the object is empty; deleteAll() removes an object's data for good.", "alarms", "delete-all-and-cleanup"))
        }
        if useCase.features.contains(.webSockets) {
            advice.append(UseCaseCatalog.point("Accept sockets with ctx.acceptWebSocket() (the Hibernation API), keep per-connection state in serializeAttachment(), wrap each send of a broadcast in try/catch, and batch messages: an idle object then costs no duration.", "websocket-hibernation", "anti-websocket-no-hibernation"))
        } else {
            advice.append(UseCaseCatalog.point("Call the object through RPC methods on the stub, and await every call.", "rpc-vs-fetch", "anti-unawaited-rpc"))
        }
        advice += useCase.storageAdvice
        return Recommendation.StorageAdvice(backend: "sqlite", schema: SkeletonWriter.schema(useCase: useCase), advice: advice)
    }

    static func workload(useCase: UseCase, shards: Recommendation.ShardPlan) -> Recommendation.WorkloadPlan? {
        guard var namespace = useCase.builtInNamespace else { return nil }
        var method = useCase.builtInMethod
        if namespace == "COUNTER", shards.perEntity > 1 {
            namespace = "SHARDED_COUNTER"
            method = "increment"
        }
        let objects = Int(min(100, max(1, shards.total ?? 1)))
        return Recommendation.WorkloadPlan(
            namespace: namespace, method: method, objects: objects, requests: 10_000, concurrency: 16,
            distribution: objects == 1 ? "single" : "zipf",
            note: "A scaled-down run of the built-in \(namespace) pattern with the recommended shape (\(objects) object\(objects == 1 ? "" : "s")); its figures come from the runtime embedded in this server, not from Cloudflare.")
    }

    static func figureQuestions(useCase: UseCase, figures: WorkloadFigures) -> [String] {
        let entity = useCase.entityNouns.first ?? "entity"
        var questions: [String] = []
        if figures.missing.contains("entities"), useCase.primitive == .durableObjects {
            questions.append("How many \(entity)s exist, and how many are active at once?")
        }
        if figures.missing.contains("rate"), useCase.primitive == .durableObjects {
            questions.append("What is the peak request rate, in all and on the busiest \(entity)? It sets the shard count and the cost.")
        }
        if figures.missing.contains("total-rate"), useCase.primitive == .durableObjects {
            questions.append("What is the peak rate across all \(entity)s together? The cost assumed \(Int(WorkloadFigures.activeFractionAtPeak * 100))% of them peak at once.")
        }
        if useCase.primitive == .workersKV, figures.missing.contains("rate") {
            questions.append("How often is one key written at peak? Workers KV takes about 1 write per second per key.")
        }
        if figures.missing.contains("connections") {
            questions.append("How many people are connected to one \(entity) at peak? Past 32,768 sockets an object must be split.")
        }
        if figures.missing.contains("data"), useCase.primitive == .durableObjects || useCase.primitive == .d1 {
            questions.append("How much data does one \(entity) keep, and for how long? An object holds up to 10 GB.")
        }
        if figures.missing.contains("consistency"), useCase.primitive == .workersKV || ["session", "entity-state", "counter", "device-twin"].contains(useCase.id) {
            questions.append("Must every read see the latest write at once (strong consistency), or is a value a few seconds old acceptable? That decides between a Durable Object and Workers KV.")
        }
        if figures.jurisdiction == nil, useCase.primitive == .durableObjects {
            questions.append("Must the data stay in a jurisdiction (EU, US or FedRAMP)? Objects are then created in a restricted namespace.")
        }
        return questions
    }

    /// For designs without a Durable Object, only what the choice rests on: no cost model figures are used.
    static func otherProductAssumptions(useCase: UseCase, figures: WorkloadFigures, signals: Set<Signal>, given: Requirements) -> [String] {
        var list = ["The choice rests on the description: it names " + (useCase.signals.keys.filter(signals.contains).map(\.rawValue).sorted().joined(separator: ", ")) + "."]
        if useCase.primitive == .workersKV {
            if given.readWriteRatio == nil { list.append("Assumed reads far outnumber writes and no key is written more than about once a second.") }
            if given.consistency == nil { list.append("Assumed a read may be a few seconds stale after a write (eventual consistency).") }
        }
        list.append("No Durable Object is needed, so no Durable Objects cost is estimated; the other products' prices are not in the fact sheet.")
        return list
    }

    static func summary(useCase: UseCase, granularity: Recommendation.Granularity, shards: Recommendation.ShardPlan?, cost: CostEstimate?) -> String {
        var text = useCase.summary
        if let shards, shards.perEntity > 1 {
            text += " Each \(useCase.entityNouns.first ?? "entity") is split over \(shards.perEntity) objects (\(granularity.nameScheme ?? ""))."
        }
        if let cost {
            text += " Estimated \(Quantity.usd(cost.totalUSD))/month for Durable Objects on Workers Paid, the $5 plan minimum included"
            if let top = cost.lines.max(by: { $0.usd < $1.usd }), top.usd >= 0.5 * cost.usageUSD, top.usd > 1 {
                text += "; most of it is \(top.item.rawValue) (\(Quantity.usd(top.usd))), which grows with the request rate"
            }
            text += "."
        }
        return text
    }
}
