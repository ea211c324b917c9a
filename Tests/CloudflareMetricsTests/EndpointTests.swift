import Foundation
import Testing
@testable import CloudflareMetrics

struct CloudflareEndpointTests {
    @Test(arguments: [
        ("http://127.0.0.1:8080/client/v4", true), ("http://localhost:9/x", true), ("http://[::1]:9/x", true),
        ("https://api.example.com/client/v4", true), ("http://api.cloudflare.com/client/v4", false),
        ("http://10.0.0.1/client/v4", false), ("ftp://127.0.0.1/x", false), ("not a url", false),
    ])
    func overrideIsHTTPSOrLoopback(url: String, accepted: Bool) throws {
        let result = Result { try CloudflareEndpoint.resolve(environment: ["CLOUDFLARE_API_BASE_URL": url]) }
        if accepted {
            #expect(try result.get().absoluteString == url)
        } else {
            #expect(throws: CloudflareError.self) { try result.get() }
        }
    }

    @Test func defaultIsCloudflareOverHTTPS() throws {
        #expect(try CloudflareEndpoint.resolve(environment: [:]).absoluteString == "https://api.cloudflare.com/client/v4")
    }
}
