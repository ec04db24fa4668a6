/// The connected components of a problem's need–supporter graph: independent sub-problems.
struct Components {
    /// Supporters grouped by component (components in order of their first supporter),
    /// ascending within a component.
    let supporterOrder: [Int32]
    /// `supporterOrder[componentStart[c]..<componentStart[c + 1]]` is component `c`.
    let componentStart: [Int]

    init(_ problem: MatchProblem) {
        let n = problem.needCount, m = problem.supporterCount
        // Union–find over supporters; needs join the first supporter they touch.
        var parent = Array(Int32(0)..<Int32(m))
        var firstSupporter = [Int32](repeating: -1, count: n)
        parent.withUnsafeMutableBufferPointer { parent in
            func find(_ x: Int32) -> Int32 {
                var x = x
                while parent[Int(x)] != x {
                    parent[Int(x)] = parent[Int(parent[Int(x)])]
                    x = parent[Int(x)]
                }
                return x
            }
            for e in 0..<problem.edgeCount {
                let need = Int(problem.edgeNeed[e]), supporter = problem.edgeSupporter[e]
                if firstSupporter[need] < 0 {
                    firstSupporter[need] = supporter
                } else {
                    let a = find(firstSupporter[need]), b = find(supporter)
                    if a != b { parent[Int(max(a, b))] = min(a, b) }
                }
            }
            for j in 0..<m { parent[j] = find(Int32(j)) }
        }
        // Roots are each component's smallest supporter; order by root, then supporter.
        let roots = parent.map { Int($0) }
        var count = [Int](repeating: 0, count: m + 1)
        for root in roots { count[root + 1] += 1 }
        for k in 0..<m { count[k + 1] += count[k] }
        var order = [Int32](repeating: 0, count: m)
        var fill = count
        for j in 0..<m {
            order[fill[roots[j]]] = Int32(j)
            fill[roots[j]] += 1
        }
        supporterOrder = order
        var starts = (0..<m).filter { count[$0 + 1] > count[$0] }.map { count[$0] }
        starts.append(m)
        componentStart = starts
    }

    var count: Int { componentStart.count - 1 }
}
