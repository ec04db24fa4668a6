/// The words and evidence of a finding, written when first read rather than when the analysis
/// decides: a national run then costs only its decisions, and the application renders the
/// explanations it stores or shows.
struct Explanation: Sendable {
    private let render: @Sendable () -> (text: String, evidence: [Evidence])

    init(_ render: @escaping @Sendable () -> (text: String, evidence: [Evidence])) {
        self.render = render
    }

    var rendered: (text: String, evidence: [Evidence]) { render() }
}
