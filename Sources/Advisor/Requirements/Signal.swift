/// A word-level clue in a description: what kind of workload it names or what property it needs.
package enum Signal: String, Sendable, Codable, CaseIterable, Comparable {
    // Coordination shapes that fit a Durable Object.
    case chat, rateLimit = "rate-limit", counter, game, collaborative, presence, leaderboard, lock, session, cart, tenant
    case schedule, webhook, orderedQueue = "ordered-queue", booking, auction, ledger, device, agent, fanout
    // Properties.
    case websocket, realtime, strongConsistency = "strong-consistency", eventualConsistency = "eventual-consistency"
    case readHeavy = "read-heavy", transactions, perUser = "per-user", globalScope = "global"
    // Shapes that fit another product.
    case config, files, relational, backgroundJobs = "background-jobs", postgres, embeddings, analytics, stateless

    package static func < (lhs: Signal, rhs: Signal) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Phrases that cancel the signal even when one of its phrases occurs ("no ordering needed").
    package var negations: [String] {
        switch self {
        case .orderedQueue: ["no ordering", "order does not matter", "order doesn't matter", "ordering does not matter", "unordered", "any order"]
        case .strongConsistency: ["eventual consistency", "eventually consistent", "need not be consistent", "doesn't need to be consistent"]
        case .realtime, .websocket: ["not real-time", "no real-time", "not realtime"]
        default: []
        }
    }

    /// Phrases (lower case, matched at word starts; a trailing `*` matches any ending) that raise the signal.
    package var phrases: [String] {
        switch self {
        case .chat: ["chat", "messaging", "messenger", "group chat", "channel*", "direct message*", "typing indicator*", "read receipt*"]
        case .rateLimit: ["rate limit*", "rate-limit*", "ratelimit*", "throttl*", "quota*", "requests per minute per", "login attempts", "attempts per", "limit of", "brute force", "brute-force", "abuse", "per-ip", "per ip"]
        case .counter: ["counter*", "count likes", "like count*", "likes on", "view count*", "page view counter*", "increment*", "tally", "upvote*", "vote*", "voting", "online poll*", "how many", "metering", "usage count*"]
        case .game: ["game*", "multiplayer", "match*", "lobby", "lobbies", "players", "turn-based", "chess", "poker", "card game*", "trivia", "quiz*"]
        case .collaborative: ["collaborat*", "co-edit*", "google docs", "whiteboard*", "live cursor*", "crdt*", "document editing", "shared editing", "figma", "edited together", "edit together", "editing together", "notion", "shared page*", "shared document*", "co-author*", "kanban*", "trello"]
        case .presence: ["presence", "who's online", "who is online", "online status", "online users"]
        case .leaderboard: ["leaderboard*", "leader board*", "high score*", "ranking*", "top 10", "top 100"]
        case .lock: ["lock", "locks", "mutex*", "leader election", "lease*", "exclusive access", "only one worker", "only one instance", "one instance", "at a time", "single instance"]
        case .session: ["session*", "logged-in state", "user state"]
        case .cart: ["shopping cart*", "cart", "carts", "checkout"]
        case .tenant: ["tenant*", "multi-tenant", "per customer database", "per-customer database", "saas", "gdpr"]
        case .schedule: ["schedul*", "reminder*", "cron", "timer*", "deadline*", "expir*", "at times they choose", "when each is due", "ttl"]
        case .webhook: ["webhook*"]
        case .orderedQueue: ["in order", "ordering", "ordered", "exactly once", "exactly-once", "retries", "backoff", "dead letter*", "dead-letter*"]
        case .booking: ["booking*", "double-booking", "reservation*", "seat*", "inventory", "oversell*", "tickets", "ticket booking"]
        case .auction: ["auction*", "bid", "bids", "bidding", "bidder*"]
        case .ledger: ["wallet*", "balance*", "ledger*", "bank*", "overdraw*", "overdraft*", "deposit*", "withdraw*", "payments between"]
        case .device: ["iot", "digital twin*", "sensor*", "device state", "devices report*", "each device", "fleet", "thermostat*", "machines"]
        case .agent: ["ai agent*", "agent*", "assistant memory", "remembers the history", "conversation history", "tool calls", "calls tools"]
        case .fanout: ["push live", "live score*", "live updates to", "pub/sub", "pubsub", "publish/subscribe", "subscribers", "viewers", "broadcast to", "stock ticker*"]
        case .websocket: ["websocket*", "web socket*", "socket*", "real-time", "realtime", "live"]
        case .realtime: ["real-time", "realtime", "live", "instant*", "low latency"]
        case .strongConsistency: ["strongly consistent", "strong consistency", "must be consistent", "consistent", "never overdraw", "must see the latest", "must prevent", "prevent double", "exactly", "atomic*", "no race*"]
        case .eventualConsistency: ["eventual consistency", "eventually consistent", "eventual consistency is fine", "stale", "can be a few seconds old", "consistency is fine"]
        case .readHeavy: ["read on every request", "read-heavy", "read heavy", "read-mostly", "read mostly", "rarely changes", "rarely written", "rarely updated", "updated a few times", "written only", "mostly reads", "on every request", "changes rarely", "rarely change*", "look up", "lookup*"]
        case .transactions: ["transaction*", "transfer*", "atomic*", "double-booking", "never overdraw", "consistent"]
        case .perUser: ["per user", "per-user", "each user", "every user", "per player", "user's", "across devices", "across a user's", "their devices"]
        case .globalScope: ["global", "globally", "worldwide", "all users"]
        case .config: ["config*", "feature flag*", "feature toggle*", "settings", "redirect map*", "redirects", "short url*", "allowlist*", "blocklist*"]
        case .files: ["file*", "image*", "video*", "upload*", "blob*", "attachment*", "media", "pdf*", "backup*", "assets", "photos", "avatar*", "profile picture*"]
        case .relational: ["relational", "join*", "across all", "reports", "reporting", "ad hoc quer*", "sql queries across", "admin report*", "foreign key*", "sql", "crud", "query them", "blog post*"]
        case .backgroundJobs: ["background job*", "fire-and-forget", "fire and forget", "send a welcome email", "send email*", "async processing", "batch job*", "generate thumbnails", "job queue*", "offload", "queue", "email*", "in the background", "background", "push notification*"]
        case .postgres: ["postgres*", "mysql", "existing database", "aws rds", "rds", "aurora", "supabase", "neon", "planetscale"]
        case .embeddings: ["embedding*", "vector*", "semantic search", "similarity search", "rag", "nearest neighbo*"]
        case .analytics: ["analytics", "time-series", "time series", "dashboard*", "telemetry", "metrics", "clickstream", "chart them", "charts", "unique visitor*", "over time"]
        case .stateless: ["stateless", "transform*", "proxies", "proxy", "no state", "format conversion", "rewrite header*", "resize*", "on the fly", "image transformation*"]
        }
    }
}
