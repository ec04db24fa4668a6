/// A binary min-heap of 64-bit keys, storage reused between searches.
struct MinHeap: ~Copyable {
    private var storage: UnsafeMutablePointer<UInt64>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    var isEmpty: Bool { count == 0 }

    mutating func removeAll() { count = 0 }

    mutating func push(_ key: UInt64) {
        if count == capacity {
            let grown = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: storage, count: count)
            storage.deallocate()
            storage = grown
            capacity *= 2
        }
        var child = count
        count += 1
        while child > 0 {
            let parent = (child - 1) >> 1
            let parentKey = storage[parent]
            if parentKey <= key { break }
            storage[child] = parentKey
            child = parent
        }
        storage[child] = key
    }

    /// Removes and returns the smallest key. The heap must not be empty.
    mutating func pop() -> UInt64 {
        let top = storage[0]
        count -= 1
        let last = storage[count]
        var parent = 0
        while true {
            var child = 2 * parent + 1
            if child >= count { break }
            if child + 1 < count, storage[child + 1] < storage[child] { child += 1 }
            if last <= storage[child] { break }
            storage[parent] = storage[child]
            parent = child
        }
        storage[parent] = last
        return top
    }
}
