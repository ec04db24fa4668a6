/// The statements one connection has prepared on the server, by SQL text and parameter types.
///
/// Touched only on the connection's thread. Eviction is first-in first-out: with a few hundred
/// slots and an application's fixed set of statements it is rarely exercised.
final class StatementCache: @unchecked Sendable {
    struct Key: Hashable {
        var sql: String
        var types: [UInt32]
    }

    let capacity: Int
    private var names: [Key: String] = [:]
    private var order: [Key] = []
    private var counter = 0

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    func name(for key: Key) -> String? { names[key] }

    /// Assigns a new statement name to `key`; returns it and the name of a statement evicted to
    /// make room, which the caller must deallocate.
    func insert(_ key: Key) -> (name: String, evicted: String?) {
        var evicted: String?
        if names.count >= capacity, !order.isEmpty {
            evicted = names.removeValue(forKey: order.removeFirst())
        }
        counter += 1
        let name = "schoolbroker_\(counter)"
        names[key] = name
        order.append(key)
        return (name, evicted)
    }

    /// Forgets a statement whose preparation failed.
    func remove(_ key: Key) {
        names.removeValue(forKey: key)
        order.removeAll { $0 == key }
    }
}
