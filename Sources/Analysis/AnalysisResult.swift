/// The proposed outcome of the desk-top analysis for one school.
public struct SchoolAnalysis: Hashable, Sendable, Codable {
    /// The school analysed.
    public var urn: Int
    /// The academic year analysed, as the year in which it ends.
    public var academicYear: Int
    /// `AnalysisRules.version` of the rules that produced this result.
    public var rulesVersion: String
    /// The proposed support level: the highest level any reason calls for.
    public var level: SupportLevel
    /// Every level rule that fired, the deciding ones (at `level`) first; never empty.
    public var reasons: [LevelReason]
    /// One entry per area, most severe first, then in the order the rules found them: outcomes
    /// (in the rules' order), inspection, self-evaluation, advisers' flags.
    public var areasForImprovement: [AreaForImprovement]
    /// One entry per area, in the order the rules found them. These feed the supporter register.
    public var strengths: [Strength]
    /// Gaps and doubts in the data, in the order the rules read it: outcomes (by indicator,
    /// measure and year), then the inspection, then the self-evaluation.
    public var warnings: [DataWarning]

    public init(
        urn: Int, academicYear: Int, rulesVersion: String, level: SupportLevel, reasons: [LevelReason],
        areasForImprovement: [AreaForImprovement], strengths: [Strength], warnings: [DataWarning]
    ) {
        self.urn = urn
        self.academicYear = academicYear
        self.rulesVersion = rulesVersion
        self.level = level
        self.reasons = reasons
        self.areasForImprovement = areasForImprovement
        self.strengths = strengths
        self.warnings = warnings
    }
}

/// Why a support level was proposed: a finding that calls for at least `level`.
public struct LevelReason: Hashable, Sendable, Codable {
    /// The level this rule calls for at least.
    public var level: SupportLevel
    public var finding: Finding

    public init(level: SupportLevel, finding: Finding) {
        self.level = level
        self.finding = finding
    }

    /// The rule, for example `inspection.urgent-improvement` (listed in docs/analysis-rules.md).
    public var ruleID: String { finding.ruleID }
    /// Plain English for advisers and head teachers.
    public var text: String { finding.text }
    public var evidence: [Evidence] { finding.evidence }
}

/// An area the school should improve, with how urgent it is.
public struct AreaForImprovement: Hashable, Sendable, Codable {
    public var area: AreaCode
    /// 1 (minor) to 5 (most severe): the most severe of its findings.
    public var severity: Int
    /// Each rule that found this area, with its evidence, in the order found.
    public var findings: [Finding]

    public init(area: AreaCode, severity: Int, findings: [Finding]) {
        self.area = area
        self.severity = severity
        self.findings = findings
    }
}

/// A strength the school could share with others.
public struct Strength: Hashable, Sendable, Codable {
    public var area: AreaCode
    /// How strong the evidence is, 0 to 1: the strongest of its findings.
    public var strength: Double
    public var findings: [Finding]

    public init(area: AreaCode, strength: Double, findings: [Finding]) {
        self.area = area
        self.strength = strength
        self.findings = findings
    }
}

/// What one rule found: its id, what it is about, plain-English text and the evidence values.
///
/// The text and evidence are written when read (each read renders them again; keep the result
/// if you need it twice). Equality, hashing and coding use the rendered text and evidence.
public struct Finding: Hashable, Sendable, Codable {
    /// The rule, for example `outcomes.ks2-reading` (listed in docs/analysis-rules.md).
    public let ruleID: String
    /// What the rule looked at: an indicator id, an inspection heading, an area or a flag.
    public let subject: String
    private let explanation: Explanation

    /// A finding whose text and evidence are already written (read back from storage, say).
    public init(ruleID: String, subject: String, text: String, evidence: [Evidence]) {
        self.init(ruleID: ruleID, subject: subject) { (text, evidence) }
    }

    /// A finding whose text and evidence `render` writes when they are read.
    init(
        ruleID: String, subject: String,
        render: @escaping @Sendable () -> (text: String, evidence: [Evidence])
    ) {
        self.ruleID = ruleID
        self.subject = subject
        self.explanation = Explanation(render)
    }

    /// Plain English for advisers and head teachers.
    public var text: String { explanation.rendered.text }
    public var evidence: [Evidence] { explanation.rendered.evidence }
    /// The text and the evidence from one rendering (reading `text` then `evidence` renders twice).
    public var textAndEvidence: (text: String, evidence: [Evidence]) { explanation.rendered }

    private enum CodingKeys: String, CodingKey {
        case ruleID, subject, text, evidence
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            ruleID: try container.decode(String.self, forKey: .ruleID),
            subject: try container.decode(String.self, forKey: .subject),
            text: try container.decode(String.self, forKey: .text),
            evidence: try container.decode([Evidence].self, forKey: .evidence))
    }

    public func encode(to encoder: any Encoder) throws {
        let (text, evidence) = explanation.rendered
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ruleID, forKey: .ruleID)
        try container.encode(subject, forKey: .subject)
        try container.encode(text, forKey: .text)
        try container.encode(evidence, forKey: .evidence)
    }

    public static func == (lhs: Finding, rhs: Finding) -> Bool {
        lhs.ruleID == rhs.ruleID && lhs.subject == rhs.subject && lhs.explanation.rendered == rhs.explanation.rendered
    }

    public func hash(into hasher: inout Hasher) {
        let (text, evidence) = explanation.rendered
        hasher.combine(ruleID)
        hasher.combine(subject)
        hasher.combine(text)
        hasher.combine(evidence)
    }
}

/// One value behind a finding: a measure in a year, a grade, a count.
public struct Evidence: Hashable, Sendable, Codable {
    /// What the value is, for example `school`, `England`, `LA`, `difference`, `grade`.
    public var label: String
    /// The measure code or inspection heading it belongs to, if any.
    public var subject: String?
    /// The academic year of the value, for a yearly figure.
    public var academicYear: Int?
    /// A number (a figure, a difference, a count), or …
    public var value: Double?
    /// … words (a grade, a yes or no).
    public var text: String?

    public init(
        _ label: String, subject: String? = nil, academicYear: Int? = nil, value: Double? = nil,
        text: String? = nil
    ) {
        self.label = label
        self.subject = subject
        self.academicYear = academicYear
        self.value = value
        self.text = text
    }
}

/// Something in the data that limits the analysis.
public struct DataWarning: Hashable, Sendable, Codable {
    public enum Kind: String, CaseIterable, Hashable, Sendable, Codable {
        /// Too few pupils for a reliable figure: the year is pooled, not judged alone (`count`
        /// is the cohort; no year means the whole window is too small to judge).
        case smallCohort = "small_cohort"
        /// The figure was published as a suppression code (`code`).
        case suppressed
        /// An expected figure, cohort, England comparator, inspection or self-evaluation is
        /// absent (`code` says which).
        case missing
        /// An inspection or self-evaluation is older than the rules accept as current (`count`
        /// is its age in years).
        case outOfDate = "out_of_date"
        /// The figure exists but the rules do not compare it with England's (special schools).
        case notComparable = "not_comparable"
    }

    /// What kind of gap or doubt.
    public var kind: Kind
    /// The measure code, `inspection` or `self-evaluation`.
    public var subject: String
    public var academicYear: Int?
    /// Pupils (small cohort) or years (out of date).
    public var count: Int?
    /// The suppression code, or what is missing (`figure`, `cohort size`, `England figure`,
    /// `inspection on record`, `self-evaluation on record`).
    public var code: String?

    public init(kind: Kind, subject: String, academicYear: Int? = nil, count: Int? = nil, code: String? = nil) {
        self.kind = kind
        self.subject = subject
        self.academicYear = academicYear
        self.count = count
        self.code = code
    }

    private enum CodingKeys: String, CodingKey {
        case kind, subject, academicYear, count, code, text
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try container.decode(Kind.self, forKey: .kind),
            subject: try container.decode(String.self, forKey: .subject),
            academicYear: try container.decodeIfPresent(Int.self, forKey: .academicYear),
            count: try container.decodeIfPresent(Int.self, forKey: .count),
            code: try container.decodeIfPresent(String.self, forKey: .code))
    }

    /// Encodes the fields and, for readers of the stored JSON, `text`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(subject, forKey: .subject)
        try container.encodeIfPresent(academicYear, forKey: .academicYear)
        try container.encodeIfPresent(count, forKey: .count)
        try container.encodeIfPresent(code, forKey: .code)
        try container.encode(text, forKey: .text)
    }

    /// Plain English for advisers.
    public var text: String {
        let when = academicYear.map { " \($0)" } ?? ""
        switch kind {
        case .smallCohort:
            return academicYear == nil
                ? "\(subject): \(count ?? 0) pupils over the window, too few to judge"
                : "\(subject)\(when): \(count ?? 0) pupils, judged only together with other years"
        case .suppressed:
            return "\(subject)\(when): suppressed (\(code ?? "no code"))"
        case .missing:
            return "\(subject)\(when): no \(code ?? "figure")"
        case .outOfDate:
            return "\(subject)\(when): \(count ?? 0) years old, out of date"
        case .notComparable:
            return "\(subject): a special school's attainment is not compared with England's"
        }
    }
}
