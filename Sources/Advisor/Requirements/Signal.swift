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

    /// Phrases (lower case, matched at word starts; a trailing `*` matches any ending) that raise the signal.
    package var phrases: [String] {
        switch self {
        case .chat: ["chat", "messaging", "messenger", "group chat", "channel*", "direct message*", "typing indicator*", "read receipt*"]
        case .rateLimit: ["rate limit*", "rate-limit*", "ratelimit*", "throttl*", "quota*", "requests per minute per"]
        case .counter: ["counter*", "count likes", "like count*", "likes on", "view count*", "page view counter*", "increment*", "tally", "upvote*", "vote*", "voting", "online poll*", "how many", "metering", "usage count*"]
        case .game: ["game*", "multiplayer", "match*", "lobby", "lobbies", "players"]
        case .collaborative: ["collaborat*", "co-edit*", "google docs", "whiteboard*", "live cursor*", "crdt*", "document editing", "shared editing", "figma", "edited together", "edit together", "editing together", "notion", "shared page*", "shared document*", "co-author*", "kanban*", "trello"]
        case .presence: ["presence", "who's online", "who is online", "online status", "online users"]
        case .leaderboard: ["leaderboard*", "high score*", "ranking*", "top 10", "top 100"]
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
        case .device: ["iot", "device*", "digital twin*", "sensor*"]
        case .agent: ["ai agent*", "agent*", "assistant memory", "remembers the history", "conversation history", "tool calls", "calls tools"]
        case .fanout: ["push live", "live score*", "live updates to", "pub/sub", "pubsub", "publish/subscribe", "subscribers", "viewers", "broadcast to", "stock ticker*"]
        case .websocket: ["websocket*", "web socket*", "socket*", "real-time", "realtime", "live"]
        case .realtime: ["real-time", "realtime", "live", "instant*", "low latency"]
        case .strongConsistency: ["strongly consistent", "strong consistency", "must be consistent", "consistent", "never overdraw", "must see the latest", "must prevent", "prevent double", "exactly", "atomic*", "no race*"]
        case .eventualConsistency: ["eventual consistency", "eventually consistent", "eventual consistency is fine", "stale", "can be a few seconds old", "consistency is fine"]
        case .readHeavy: ["read on every request", "read-heavy", "read heavy", "read-mostly", "read mostly", "rarely changes", "rarely written", "rarely updated", "updated a few times", "written only", "mostly reads"]
        case .transactions: ["transaction*", "transfer*", "atomic*", "double-booking", "never overdraw", "consistent"]
        case .perUser: ["per user", "per-user", "each user", "every user", "per player", "user's"]
        case .globalScope: ["global", "globally", "worldwide", "all users"]
        case .config: ["config*", "feature flag*", "feature toggle*", "settings", "redirect map*", "redirects", "short url*", "allowlist*", "blocklist*"]
        case .files: ["file*", "image*", "video*", "upload*", "blob*", "attachment*", "media", "pdf*", "backup*", "assets", "photos", "avatar*", "profile picture*"]
        case .relational: ["relational", "join*", "across all", "reports", "reporting", "ad hoc quer*", "sql queries across", "admin report*", "foreign key*"]
        case .backgroundJobs: ["background job*", "fire-and-forget", "fire and forget", "send a welcome email", "send email*", "async processing", "batch job*", "generate thumbnails", "job queue*", "offload", "queue", "email*"]
        case .postgres: ["postgres*", "mysql", "existing database", "aws rds", "rds", "aurora", "supabase", "neon", "planetscale"]
        case .embeddings: ["embedding*", "vector*", "semantic search", "similarity search", "rag", "nearest neighbo*"]
        case .analytics: ["analytics", "time-series", "time series", "dashboards", "telemetry", "metrics", "clickstream", "chart them"]
        case .stateless: ["stateless", "transform*", "proxies", "proxy", "no state", "format conversion", "rewrite header*"]
        }
    }
}
