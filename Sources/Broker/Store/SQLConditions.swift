import Postgres

/// A WHERE clause assembled from optional filters: each condition is SQL text written in code,
/// and every value in it a bound `$n` parameter, so a query only carries the filters a request
/// gave (and the planner sees plain predicates it can use indexes for).
struct SQLConditions {
    private var conditions: [String] = []
    private(set) var binds: [PostgresBind] = []

    /// Binds `value` and returns its placeholder, for use in a condition.
    mutating func parameter(_ value: some PostgresEncodable) -> String {
        binds.append(value.postgresBind)
        return "$\(binds.count)"
    }

    /// Adds a condition (ANDed with the others).
    mutating func require(_ condition: String) {
        conditions.append(condition)
    }

    /// `WHERE …`, or nothing when no condition was added.
    var whereClause: String {
        conditions.isEmpty ? "" : "WHERE " + conditions.map { "(\($0))" }.joined(separator: " AND ")
    }

    /// The query `sql` with these binds; `sql` places ``whereClause`` and further parameters.
    func query(_ sql: String) -> PostgresQuery {
        PostgresQuery(sql: sql, binds: binds)
    }
}
