import Analysis

/// Everything the API shows about one school: its GIAS record, its measures beside the LA and
/// England figures for the same year, its latest inspections and, for users who may see them, its
/// needs, its level history and its latest analysis' areas for improvement and strengths.
public struct SchoolDetail: Codable, Sendable, Equatable {
    public var summary: SchoolSummary
    public var statutoryLowAge: Int?
    public var statutoryHighAge: Int?
    public var headTeacher: String?
    public var street: String?
    public var urbanRural: String?
    public var fsmPercent: Double?
    public var openDate: String?
    public var closeDate: String?
    public var latitude: Double?
    public var longitude: Double?
    public var measures: [MeasureComparison]
    public var inspections: [InspectionSummary]
    /// `nil` when the user may not see the school's private data.
    public var needs: [Need]?
    /// Every year's proposals and decisions, oldest first; `nil` as `needs`.
    public var levelHistory: [LevelHistoryEntry]?
    /// From the school's latest analysis (empty when none); `nil` as `needs`.
    public var areasForImprovement: [AreaForImprovement]?
    public var strengths: [Strength]?
}

/// A published figure (a number or a suppression code) with its confidence limits and cohort.
public struct PublishedFigure: Codable, Sendable, Equatable {
    public var value: Double?
    public var suppression: String?
}

/// One of a school's measures in one year, beside its LA's and England's figure.
public struct MeasureComparison: Codable, Sendable, Equatable {
    public var academicYear: Int
    public var dataset: String
    public var measure: String
    public var title: String?
    public var unit: String?
    public var higherIsBetter: Bool?
    public var school: PublishedFigure
    public var lower: Double?
    public var upper: Double?
    public var cohort: Double?
    public var localAuthority: PublishedFigure?
    public var england: PublishedFigure?
}

/// A school's latest inspection under one framework, its grades heading by heading.
public struct InspectionSummary: Codable, Sendable, Equatable {
    /// One graded heading: a legacy judgement (1–4, not-judged) or a report-card grade with its date.
    public struct Grade: Codable, Sendable, Equatable {
        public var heading: String
        public var grade: String
        public var date: String?
    }

    /// `legacy` or `report-card`.
    public var framework: String
    public var inspectionNumber: String?
    public var inspectionType: String?
    public var startDate: String?
    public var publicationDate: String?
    public var categoryOfConcern: String?
    public var grades: [Grade]
    /// Legacy "safeguarding effective" or report-card "safeguarding met".
    public var safeguarding: Bool?
}
