import Analysis
import Foundation

/// A school's self-evaluation for one academic year as submitted: its judgement per area on the
/// report-card scale with a narrative, an overall narrative, and the areas it self-refers in.
public struct SchoolSelfEvaluation: Codable, Sendable, Equatable {
    /// The school's judgement of itself in one area.
    public struct Judgement: Codable, Sendable, Equatable {
        public var areaCode: String
        public var grade: ReportCardGrade
        public var narrative: String

        public init(areaCode: String, grade: ReportCardGrade, narrative: String = "") {
            self.areaCode = areaCode
            self.grade = grade
            self.narrative = narrative
        }
    }

    public var id: Int64
    public var urn: Int
    public var academicYear: Int
    /// 1 for the first submission of the year, one more for each resubmission.
    public var version: Int
    /// In area-code order.
    public var judgements: [Judgement]
    public var overallNarrative: String
    public var selfReferralAreas: [String]
    public var submittedBy: Int64?
    public var submittedAt: Date

    /// The form the analysis reads.
    public var analysisInput: SelfEvaluation {
        SelfEvaluation(
            academicYear: academicYear,
            judgements: Dictionary(judgements.map { (AreaCode(rawValue: $0.areaCode), $0.grade) }, uniquingKeysWith: { a, _ in a }))
    }
}

/// A self-evaluation to submit (replacing the year's current one, which is kept as history).
public struct NewSelfEvaluation: Codable, Sendable, Equatable {
    public var urn: Int
    public var academicYear: Int
    public var judgements: [SchoolSelfEvaluation.Judgement]
    public var overallNarrative: String
    public var selfReferralAreas: [String]

    public init(urn: Int, academicYear: Int, judgements: [SchoolSelfEvaluation.Judgement], overallNarrative: String = "",
                selfReferralAreas: [String] = []) {
        self.urn = urn
        self.academicYear = academicYear
        self.judgements = judgements
        self.overallNarrative = overallNarrative
        self.selfReferralAreas = selfReferralAreas
    }

    /// Field-level problems (area codes are checked against the database by the store).
    public func validationErrors() -> [FieldError] {
        var errors: [FieldError] = []
        if !(2000...2100).contains(academicYear) {
            errors.append(FieldError("academicYear", "must be the year the academic year ends, 2000 to 2100"))
        }
        if judgements.isEmpty || judgements.count > 50 { errors.append(FieldError("judgements", "must judge 1 to 50 areas")) }
        if Set(judgements.map(\.areaCode)).count != judgements.count {
            errors.append(FieldError("judgements", "must judge each area once"))
        }
        if judgements.contains(where: { $0.narrative.unicodeScalars.count > 8000 }) {
            errors.append(FieldError("judgements", "each narrative must be at most 8000 characters"))
        }
        if overallNarrative.unicodeScalars.count > 20000 { errors.append(FieldError("overallNarrative", "must be at most 20000 characters")) }
        if selfReferralAreas.count > 20 { errors.append(FieldError("selfReferralAreas", "must list at most 20 areas")) }
        if Set(selfReferralAreas).count != selfReferralAreas.count {
            errors.append(FieldError("selfReferralAreas", "must not repeat an area"))
        }
        return errors
    }
}

/// A self-evaluation beside the analysis's view of the same school and year, area by area, with
/// the discrepancies highlighted (what advisers read).
public struct SelfEvaluationComparison: Codable, Sendable, Equatable {
    /// One area: the school's judgement and what the data-based analysis found there.
    public struct Area: Codable, Sendable, Equatable {
        public var areaCode: String
        /// `nil` for an area the analysis found something in but the school did not judge.
        public var grade: ReportCardGrade?
        public var narrative: String?
        /// The severity of the area for improvement the data shows, if any.
        public var improvementSeverity: Int?
        /// The strength the data shows, if any (0 to 1).
        public var strength: Double?
        public var discrepancy: Bool
        /// Why it is a discrepancy, in words.
        public var discrepancyReason: String?
    }

    public var selfEvaluation: SchoolSelfEvaluation
    /// Earlier submissions of the year: version, who and when (the current one excluded).
    public var history: [Revision]
    /// The analysis run compared with (the year's latest that analysed the school), if any.
    public var analysisRunID: Int64?
    public var areas: [Area]

    public struct Revision: Codable, Sendable, Equatable {
        public var version: Int
        public var submittedBy: Int64?
        public var submittedAt: Date
    }

    /// Compares judgements with the analysis's data-based findings: a judgement of strong or
    /// better where the data shows an area for improvement, or of needs attention or worse where
    /// the data shows a strength, is a discrepancy.
    static func areas(
        judgements: [SchoolSelfEvaluation.Judgement], improvements: [String: Int], strengths: [String: Double]
    ) -> [Area] {
        let judged = Dictionary(judgements.map { ($0.areaCode, $0) }, uniquingKeysWith: { a, _ in a })
        let codes = Set(judged.keys).union(improvements.keys).union(strengths.keys).sorted()
        return codes.map { code in
            let judgement = judged[code]
            let severity = improvements[code]
            let strength = strengths[code]
            var reason: String?
            if let grade = judgement?.grade {
                if grade >= .strongStandard, let severity {
                    reason = "judged \(grade.title.lowercased()), but the data shows an area for improvement (severity \(severity))"
                } else if grade <= .needsAttention, let strength {
                    reason = "judged \(grade.title.lowercased()), but the data shows a strength (\(Int((strength * 100).rounded()))%)"
                }
            }
            return Area(
                areaCode: code, grade: judgement?.grade, narrative: judgement?.narrative, improvementSeverity: severity,
                strength: strength, discrepancy: reason != nil, discrepancyReason: reason)
        }
    }
}
