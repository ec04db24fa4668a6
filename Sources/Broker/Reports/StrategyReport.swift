/// The strategy report of one academic year for an LA (or England): where schools stand and move
/// between support levels, outcomes against England, inspection grades, how far school-to-school
/// support reaches, and what partnerships changed. See `StrategyReportStore` for how each figure
/// is computed.
public struct StrategyReport: Codable, Sendable, Equatable {
    public var academicYear: Int
    /// `nil`: England (every school).
    public var laCode: Int?
    /// One row per district by name, then the whole LA (or England) with `district` nil.
    public var districts: [DistrictFigures]
    /// Schools by effective level the year before (`none`: no level) and this year.
    public var movement: [LevelMovement]
    /// England's published KS2 figures (the maintained schools' row).
    public var england: OutcomeFigures
    /// Per area a partnership targeted: the change in the area's headline measure.
    public var impact: [ImpactFigures]
    /// How "good or better" is decided, in words.
    public var goodOrBetterRule: String
}

/// KS2 percentages at the expected standard and the disadvantaged gap.
public struct OutcomeFigures: Codable, Sendable, Equatable {
    /// Reading, writing and maths, % at the expected standard.
    public var reading: Double?
    public var writing: Double?
    public var maths: Double?
    /// Reading, writing and maths combined, disadvantaged and other pupils.
    public var disadvantaged: Double?
    public var otherPupils: Double?
    /// `otherPupils − disadvantaged`, in percentage points.
    public var disadvantagedGap: Double?

    public init(reading: Double? = nil, writing: Double? = nil, maths: Double? = nil, disadvantaged: Double? = nil, otherPupils: Double? = nil) {
        (self.reading, self.writing, self.maths, self.disadvantaged, self.otherPupils) = (reading, writing, maths, disadvantaged, otherPupils)
        if let disadvantaged, let otherPupils { disadvantagedGap = otherPupils - disadvantaged }
    }
}

/// One district's figures (or the whole scope's).
public struct DistrictFigures: Codable, Sendable, Equatable {
    /// `nil` for the whole LA (or England).
    public var district: String?
    /// Open schools with an effective level this year.
    public var schoolsWithLevel = 0
    /// Effective level → schools.
    public var levels: [String: Int] = [:]
    /// Pupil-weighted (by each figure's cohort) means of the schools' published figures.
    public var outcomes = OutcomeFigures()
    /// Latest legacy inspection with an overall grade 1–4, and those graded 1 or 2.
    public var legacyGraded = 0
    public var legacyGoodOrBetter = 0
    /// Latest report-card inspection, and those good or better by ``StrategyReport/goodOrBetterRule``.
    public var reportCards = 0
    public var reportCardGoodOrBetter = 0
    /// Schools whose most recent inspection (of either framework) has a verdict, and those good or better.
    public var inspected = 0
    public var goodOrBetter = 0
    /// The share of ``inspected`` schools good or better, in percent (`nil` when none is inspected).
    public var goodOrBetterPercent: Double? { inspected == 0 ? nil : 100 * Double(goodOrBetter) / Double(inspected) }
    /// Schools in focus or intensive support, and those with an accepted or active partnership of the year.
    public var focusOrIntensive = 0
    public var supportedByPartnership = 0
    /// Confirmed supporters based here, their capacity, engagements in use, and those with none free.
    public var supporters = 0
    public var capacity = 0
    public var engagements = 0
    public var supportersFull = 0
    /// Activities of the year still planned after their due date, and the schools they belong to.
    public var overdueActivities = 0
    public var schoolsWithOverdueActivities = 0

    public init(district: String?) {
        self.district = district
    }
}

/// Schools moving between levels from one year to the next.
public struct LevelMovement: Codable, Sendable, Equatable {
    /// The level the year before, `none` when it had none.
    public var from: String
    /// The level this year, `none` when it has none.
    public var to: String
    public var schools: Int
}

/// What partnerships of the year targeting one area changed in the area's headline measure.
public struct ImpactFigures: Codable, Sendable, Equatable {
    public var areaCode: String
    public var measure: String
    /// Schools with a partnership in the area (accepted, active or completed) and figures both years.
    public var partneredSchools: Int
    /// Mean change (this year − last year) at those schools.
    public var partneredChange: Double?
    /// Schools of the same phase and starting band (10-point bands of last year's figure) with no
    /// partnership that year, and their mean change.
    public var comparisonSchools: Int
    public var comparisonChange: Double?
    /// `partneredChange − comparisonChange`: the change beyond what similar schools saw.
    public var difference: Double?
}
