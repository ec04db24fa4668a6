import Foundation
import HTTPTypes
@_spi(Generated) import OpenAPIRuntime

/// What the generated server spends encoding a response body: a floor under the daemon's CPU
/// time per request, which the HTTP benchmark reports beside its rates.
public enum ResponseEncodingFloor {
    /// A response whose encoding can be timed.
    public enum Response: Sendable {
        /// `GET /schools/{urn}`.
        case schoolDetail
        /// `GET /schools`.
        case schoolPage
    }

    /// The mean CPU time the generated server's converter takes to encode `body`, a `response`
    /// body this server sent, over `repetitions` encodings (the thread's own time, so other
    /// processes on the machine do not count).
    /// - Throws: a decoding error when `body` is not such a response.
    public static func encodingTime(of body: Data, as response: Response, repetitions: Int) async throws -> Duration {
        switch response {
        case .schoolDetail: try await encodingTime(of: body, Components.Schemas.SchoolDetail.self, repetitions)
        case .schoolPage: try await encodingTime(of: body, Components.Schemas.SchoolPage.self, repetitions)
        }
    }

    private static func encodingTime<Body: Codable>(of body: Data, _ type: Body.Type, _ repetitions: Int)
        async throws -> Duration
    {
        let converter = Converter(configuration: BrokerApplication.openAPIConfiguration)
        let value = try await converter.getResponseBodyAsJSON(type, from: HTTPBody(body), transforming: { $0 })
        var fields = HTTPFields()
        // The loop does not suspend, so it stays on one thread.
        let started = threadCPUTime()
        for _ in 0..<repetitions {
            _ = try converter.setResponseBodyAsJSON(value, headerFields: &fields, contentType: "application/json; charset=utf-8")
        }
        return (threadCPUTime() - started) / max(1, repetitions)
    }

    private static func threadCPUTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}
