import Foundation

/// A school's call for support in one area for improvement in one academic year (migration 0003).
public struct Need: Codable, Sendable, Equatable {
    /// Who raised it.
    public enum Source: String, Codable, Sendable, CaseIterable {
        case analysis
        case selfReferral = "self_referral"
        case adviser
        case groupRequest = "group_request"
    }

    /// Where it stands.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case open, met, withdrawn
    }

    public var id: Int64
    public var urn: Int
    public var areaCode: String
    /// The year in which the academic year ends (2025 = 2024 to 2025).
    public var academicYear: Int
    /// 1 (slight) to 5 (severe).
    public var severity: Int
    public var source: Source
    public var status: Status
    public var rationale: String
    public var createdAt: Date
    public var updatedAt: Date
}
