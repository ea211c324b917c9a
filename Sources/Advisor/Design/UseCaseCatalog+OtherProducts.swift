extension UseCaseCatalog {
    static let durableObjectNotNeeded = "no entity needs its updates serialised, its connections held or its own timer"

    /// Use cases where another product fits better than a Durable Object.
    static let otherProductUseCases: [UseCase] = [
        UseCase(
            id: "config-in-kv", primitive: .workersKV,
            signals: [.config: 5, .readHeavy: 3, .eventualConsistency: 2, .globalScope: 1],
            per: "one key per configuration document", nameScheme: "config:<name>", entityNouns: ["flag", "key", "url", "setting", "redirect"],
            summary: "Workers KV holds the configuration: reads are cached near every user, writes are rare and may take a while to reach every location.",
            reasons: [
                point("Hot global configuration read on every request belongs in Workers KV, not a Durable Object.", "do-vs-kv", "choosing-storage"),
                point("Reads are served from cache in every location; a Durable Object lives in one place, so distant users would pay a round trip on every request.", "do-vs-kv", "jurisdictions-location-hints"),
            ],
            rejected: [
                reject(.durableObjects, "One object for configuration read on every request is a global singleton: every request crosses the network to one place and one object carries about 1,000 requests/s; \(durableObjectNotNeeded).", "anti-global-singleton", "anti-do-as-kv"),
                reject(.d1, "D1 would put a database query on every request for data that rarely changes.", "choosing-storage"),
            ],
            combination: [part(.workers, "reads the configuration from the KV binding on each request")],
            docs: ["do-vs-kv", "choosing-storage", "anti-do-as-kv"],
            questions: ["Must every reader see a change at once (for example a kill switch)? Then keep the authoritative value in a Durable Object and cache it in KV."]),
        UseCase(
            id: "sessions-in-kv", primitive: .workersKV,
            signals: [.session: 3, .readHeavy: 3, .eventualConsistency: 2],
            per: "one key per session", nameScheme: "session:<sessionToken>", entityNouns: ["session", "token", "user"],
            summary: "Workers KV holds the session records: written once at login, read on every request from cache near the user, expired with a TTL.",
            reasons: [
                point("Session data read on every request and rarely written fits Workers KV's cached, eventually consistent reads.", "do-vs-kv", "pattern-session-store"),
            ],
            rejected: [
                reject(.durableObjects, "A per-user object would add a round trip to one location on every request only to read data that rarely changes; \(durableObjectNotNeeded).", "do-vs-kv", "pattern-session-store"),
            ],
            combination: [part(.workers, "reads the session from the KV binding")],
            docs: ["do-vs-kv", "pattern-session-store", "choosing-storage"],
            questions: ["Must a logout or revocation take effect everywhere at once? KV changes can take a while to propagate; a Durable Object per user gives that guarantee."]),
        UseCase(
            id: "read-mostly-kv", primitive: .workersKV,
            signals: [.readHeavy: 4, .eventualConsistency: 3],
            per: "one key per user", nameScheme: "prefs:<userId>", entityNouns: ["user", "item", "key"],
            summary: "Workers KV stores the values: reads vastly outnumber writes and a slightly stale read is acceptable, so cached reads near every user win.",
            reasons: [point("Read-heavy data that tolerates eventual consistency is what Workers KV is for.", "do-vs-kv", "choosing-storage")],
            rejected: [
                reject(.durableObjects, "A Durable Object used only to get and put values by key is a key-value store with extra hops; \(durableObjectNotNeeded).", "anti-do-as-kv", "do-vs-kv"),
            ],
            combination: [part(.workers, "reads and writes the KV binding")],
            docs: ["do-vs-kv", "anti-do-as-kv", "choosing-storage"],
            questions: ["Is any value written more than about once a second? Workers KV takes about 1 write per second per key."]),
        UseCase(
            id: "blobs-in-r2", primitive: .r2,
            signals: [.files: 6],
            per: "one R2 object per file", nameScheme: "uploads/<userId>/<fileId>", entityNouns: ["file", "image", "video", "upload"],
            summary: "R2 stores the files; the Worker streams uploads into the bucket (or hands out presigned URLs), and keeps only metadata elsewhere.",
            reasons: [
                point("Blobs and large objects belong in R2, with no egress fees.", "choosing-storage"),
                point("A Durable Object holds at most 10 GB, a SQLite row or BLOB at most 2 MB, and it runs in one place: files do not fit in it.", "limits", "sql-api"),
            ],
            rejected: [
                reject(.durableObjects, "Durable Object storage is capped at 2 MB per row or BLOB and 10 GB per object, and every byte would pass through one object's single thread.", "limits", "sql-api"),
                reject(.workersKV, "Workers KV is for small, read-heavy values, not large uploads.", "choosing-storage"),
            ],
            combination: [part(.workers, "receives uploads and streams them to the bucket"), part(.d1, "optional: file metadata for listing and search")],
            docs: ["choosing-storage", "limits"],
            questions: ["Do several people edit the same file's metadata at once? A Durable Object per file can coordinate that while R2 holds the bytes."]),
        UseCase(
            id: "relational-d1", primitive: .d1,
            signals: [.relational: 6],
            per: "one D1 database for the application", nameScheme: nil, entityNouns: ["product", "order", "row", "record"],
            summary: "D1 holds the data as one relational database: joins and reports across all entities are plain SQL, with read replicas and import/export.",
            reasons: [
                point("Relational queries across all entities need one database that sees everything; D1 is managed SQLite with read replicas, an HTTP API and import/export.", "choosing-storage"),
                point("Durable Objects each see only their own data, so a query across all of them would wake every object.", "choosing-storage", "pattern-parent-child-fanout"),
            ],
            rejected: [
                reject(.durableObjects, "An object sees only its own data; joins and reports across every entity would fan out to every object. D1 is the batteries-included database.", "choosing-storage"),
                reject(.workersKV, "Workers KV has no queries, only gets by key and listing by prefix.", "choosing-storage"),
            ],
            combination: [part(.workers, "runs the queries through the D1 binding")],
            docs: ["choosing-storage"],
            questions: ["Will the data pass 10 GB? That is D1's limit per database; split by tenant or move cold data out.", "Is there a hot entity updated many times a second by many users? That part may want a Durable Object."]),
        UseCase(
            id: "background-queues", primitive: .queues,
            signals: [.backgroundJobs: 6],
            per: "one queue per job type", nameScheme: "<job-type>-jobs", entityNouns: ["job", "email", "task", "message"],
            summary: "Queues take the background jobs: the request handler enqueues and answers at once, and a consumer Worker processes batches with retries and guaranteed delivery.",
            reasons: [
                point("Fire-and-forget background jobs with guaranteed delivery and batching are what Queues are for.", "choosing-storage", "pattern-job-queue"),
            ],
            rejected: [
                reject(.durableObjects, "A Durable Object queue is for work that must run in order per entity or at chosen times; plain background jobs need neither, and Queues scale without sharding.", "pattern-job-queue", "choosing-storage"),
                reject(.workers, "Doing the work inside the request (or in waitUntil) loses it if the Worker fails; there is no retry.", "choosing-storage"),
            ],
            combination: [part(.workers, "producer (request handler) and consumer Worker")],
            docs: ["choosing-storage", "pattern-job-queue"],
            questions: ["Must jobs for one customer run in order? Then a Durable Object per customer is the queue."]),
        UseCase(
            id: "existing-database-hyperdrive", primitive: .hyperdrive,
            signals: [.postgres: 7],
            per: "one Hyperdrive configuration per database", nameScheme: nil, entityNouns: ["database"],
            summary: "Hyperdrive connects Workers to the existing Postgres or MySQL database, pooling connections so queries from Workers are fast.",
            reasons: [point("Existing Postgres or MySQL databases are reached from Workers through Hyperdrive.", "choosing-storage")],
            rejected: [
                reject(.durableObjects, "Moving the data into Durable Objects means a migration; the existing database stays the source of truth.", "choosing-storage"),
                reject(.d1, "D1 would mean migrating off the existing database.", "choosing-storage"),
            ],
            combination: [part(.workers, "queries through the Hyperdrive binding")],
            docs: ["choosing-storage"],
            questions: ["Is there per-entity real-time coordination on top of the database (rooms, counters)? That part may want Durable Objects."]),
        UseCase(
            id: "embeddings-vectorize", primitive: .vectorize,
            signals: [.embeddings: 7],
            per: "one index per embedding model", nameScheme: "<model>-index", entityNouns: ["embedding", "vector", "document"],
            summary: "Vectorize stores the embeddings and answers similarity queries; the Worker embeds the query and looks up the nearest documents.",
            reasons: [point("Embeddings and similarity search belong in Vectorize.", "choosing-storage")],
            rejected: [
                reject(.durableObjects, "A Durable Object has no vector index; nearest-neighbour search over many documents is Vectorize's job.", "choosing-storage"),
                reject(.d1, "D1 stores rows, not a vector index.", "choosing-storage"),
            ],
            combination: [part(.workers, "embeds the query and calls the index"), part(.r2, "optional: the source documents")],
            docs: ["choosing-storage"],
            questions: ["Does the chatbot keep per-conversation memory? A Durable Object per conversation can hold it beside the index."]),
        UseCase(
            id: "analytics-engine", primitive: .analyticsEngine,
            signals: [.analytics: 7],
            per: "one dataset per event type", nameScheme: "<event-type>", entityNouns: ["event", "metric", "datapoint"],
            summary: "Workers Analytics Engine records the events as time series from the Worker; dashboards query them with SQL.",
            reasons: [point("Time-series analytics are what Analytics Engine is for.", "choosing-storage")],
            rejected: [
                reject(.durableObjects, "Counting events in objects would turn every event into a write on one object and still leave the time-series queries to build.", "choosing-storage", "anti-global-singleton"),
                reject(.d1, "Writing every event as a row in D1 makes one database the bottleneck for high-rate telemetry.", "choosing-storage"),
            ],
            combination: [part(.workers, "writes a data point per event")],
            docs: ["choosing-storage"],
            questions: ["Does any figure have to be exact and read back at once (billing, quotas)? That part needs a Durable Object counter."]),
        UseCase(
            id: "stateless-worker", primitive: .workers,
            signals: [.stateless: 7],
            per: "no stored state", nameScheme: nil, entityNouns: ["request"],
            summary: "A stateless Worker does the job in every location, scaling out with no coordination.",
            reasons: [point("Stateless, globally spread work runs in plain Workers; a Durable Object would add a hop to one place for nothing.", "what-are-durable-objects", "choosing-storage")],
            rejected: [
                reject(.durableObjects, "Nothing needs coordination or stored state; an object would serialise requests that can run anywhere in parallel.", "what-are-durable-objects", "single-threaded-execution"),
            ],
            docs: ["what-are-durable-objects", "choosing-storage"],
            questions: ["Is there any per-user or per-key state after all (caching, quotas)?"]),
    ]
}
