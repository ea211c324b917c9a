import DurableObjects
import JSHost
import JSONModel

// The typed arguments and results of the tools on the user's Worker. Each result's keys are those of
// `Schemas/<tool>.output.json` (`OutputKeysTests` checks them); defaults live in the input schemas only.
// `loadWorker`'s result is the host's own `WorkerHost.LoadResult`.

extension WorkerTools {
    /// The arguments of `loadWorker`.
    struct LoadArguments: Decodable {
        /// An answer for the Worker's outbound `fetch()`, with the schema's defaults filled in.
        struct Mock: Decodable {
            var url: String
            var status: Int
            var body: String
            var headers: [String: String]?
            var latencyMs: Double

            var fetchMock: FetchMock {
                FetchMock(url: url, status: status, body: body, headers: headers ?? [:], latencyMs: latencyMs)
            }
        }

        var path: String?
        var config: String?
        var main: String?
        var fetchMocks: [Mock]?
        /// Left out: `JSWorker.defaultMaxLiveObjects` (1,000, or `DO_ARCHITECT_MAX_JS_OBJECTS`).
        var maxLiveObjects: Int?
    }

    /// The arguments of `invokeWorker`.
    struct InvokeWorkerArguments: Decodable {
        var request: WorkerHost.HTTPMessage
    }

    /// The result of `invokeWorker`: the Worker's response, and what its code printed meanwhile.
    struct WorkerResponse: Encodable {
        var status: Int
        var headers: [String: String]
        var body: String
        var logs: [ConsoleCapture.Entry]
        var logsTruncated: Bool
    }

    /// The arguments of `controlObject`.
    struct ControlArguments: Decodable {
        enum Action: String, Codable {
            case evict, hibernate, runAlarm
        }

        var namespace: String
        var name: String?
        var id: String?
        var action: Action
    }

    /// The result of `controlObject`: which members appear depends on the action.
    struct ControlResult: Encodable {
        /// What `runAlarm` did.
        struct Alarm: Encodable {
            var scheduledTime: Int64
            var retryCount: Int
            var succeeded: Bool
            var error: String?
            var nextTime: Int64?
            var dropped: Bool

            init(_ run: AlarmRun) {
                scheduledTime = run.scheduledTime
                retryCount = run.retryCount
                succeeded = run.succeeded
                error = run.error
                nextTime = run.nextTime
                dropped = run.dropped
            }
        }

        var namespace: String
        var id: String
        var action: ControlArguments.Action
        /// `evict` and `hibernate`: whether the object was in memory.
        var wasInMemory: Bool?
        /// `hibernate`: the hibernatable WebSockets that stay open.
        var webSockets: Int?
        var alarm: Alarm?
    }
}
