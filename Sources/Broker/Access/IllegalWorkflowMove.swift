/// A workflow move refused from the current status, whatever the workflow (HTTP 409 whose
/// `allowed` lists the moves the user may make instead).
public protocol IllegalWorkflowMove: Error, CustomStringConvertible {
    /// The statuses the user may move to instead.
    var allowedStatuses: [String] { get }
}

extension IllegalPracticeTransition: IllegalWorkflowMove {
    public var allowedStatuses: [String] { allowed.map(\.rawValue) }
}

extension IllegalTransition: IllegalWorkflowMove {
    public var allowedStatuses: [String] { allowed.map(\.rawValue) }
}
