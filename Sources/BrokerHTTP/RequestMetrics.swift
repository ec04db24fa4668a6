import CoreMetrics
import Foundation
import Hummingbird
import Postgres
import Prometheus
import Synchronization

/// The daemon's metrics, in its own Prometheus registry (so tests and several apps in one
/// process do not share counters): requests by route, method and status, their latency
/// histogram, and the pool's connections by state, read when scraped.
final class BrokerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    private let pool: PostgresPool
    private let poolGauges: [(state: String, gauge: CoreMetrics.Gauge)]
    private let cache = Mutex<[String: (CoreMetrics.Counter, CoreMetrics.Timer)]>([:])

    init(pool: PostgresPool, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        // API latencies are milliseconds; the default buckets start at 5 ms.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(2.5), .seconds(5),
        ]
        self.factory = factory
        self.pool = pool
        self.poolGauges = ["in_use", "idle", "waiting", "open"].map { state in
            (state, CoreMetrics.Gauge(label: "schoolbroker_pool_connections", dimensions: [("state", state)], factory: factory))
        }
    }

    /// Counts one request and records its duration.
    func record(route: String, method: String, status: Int, duration: Duration) {
        let key = "\(route) \(method) \(status)"
        let (counter, timer) = cache.withLock { cache in
            if let metrics = cache[key] { return metrics }
            let dimensions = [("route", route), ("method", method), ("status", "\(status)")]
            let metrics = (
                CoreMetrics.Counter(label: "schoolbroker_http_requests_total", dimensions: dimensions, factory: factory),
                CoreMetrics.Timer(label: "schoolbroker_http_request_duration_seconds", dimensions: dimensions,
                              preferredDisplayUnit: .seconds, factory: factory)
            )
            cache[key] = metrics
            return metrics
        }
        counter.increment()
        timer.recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// Records how long an analysis or match run started through the API took
    /// (`schoolbroker_analysis_run_duration_seconds`, `schoolbroker_match_run_duration_seconds`).
    func recordRun(_ kind: RunKind, duration: Duration) {
        CoreMetrics.Timer(label: "schoolbroker_\(kind.rawValue)_run_duration_seconds", preferredDisplayUnit: .seconds,
                          factory: factory)
            .recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    enum RunKind: String {
        case analysis, match
    }

    /// The exposition text, with the pool's gauges brought up to date first.
    func scrape() -> String {
        let statistics = pool.statistics()
        for (state, gauge) in poolGauges {
            let value = switch state {
            case "in_use": statistics.inUse
            case "idle": statistics.idle
            case "waiting": statistics.waiting
            default: statistics.open
            }
            gauge.record(value)
        }
        return registry.emitToString()
    }
}

/// Records every request in ``BrokerMetrics`` by its route pattern (not its URL, so the label
/// set stays bounded), method and final status.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: BrokerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        metrics.record(
            route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: response.status.code,
            duration: ContinuousClock.now - start)
        return response
    }
}
