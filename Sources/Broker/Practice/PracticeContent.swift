/// What a practice record says: everything its author writes and may later change.
public struct PracticeContent: Codable, Sendable, Equatable {
    /// A measure of the school to show before and after (values come from the data).
    public struct ImpactMeasureReference: Codable, Sendable, Equatable {
        public var measure: String
        public var beforeYear: Int
        public var afterYear: Int

        public init(measure: String, beforeYear: Int, afterYear: Int) {
            self.measure = measure
            self.beforeYear = beforeYear
            self.afterYear = afterYear
        }
    }

    /// The phases a record may be for.
    public static let phases = ["primary", "secondary", "all-through", "special", "any"]

    public var title: String
    public var summary: String
    /// Markdown.
    public var body: String
    public var areas: [String]
    public var phase: String
    public var impact: [ImpactMeasureReference]
    /// ISO 8601 dates (`yyyy-mm-dd`).
    public var consentDate: String?
    public var reviewDate: String?
    /// When the school the impact figures are about agreed to their being shown, where that
    /// school is not the contributor (a supporter's record from a partnership).
    public var subjectConsentDate: String?

    public init(
        title: String, summary: String, body: String, areas: [String], phase: String,
        impact: [ImpactMeasureReference] = [], consentDate: String? = nil, reviewDate: String? = nil,
        subjectConsentDate: String? = nil
    ) {
        self.title = title
        self.summary = summary
        self.body = body
        self.areas = areas
        self.phase = phase
        self.impact = impact
        self.consentDate = consentDate
        self.reviewDate = reviewDate
        self.subjectConsentDate = subjectConsentDate
    }

    /// The characters the search snippets mark matches with: a record may not contain them.
    static let reservedMarkers: Set<Character> = [PracticeSearch.startMarker, PracticeSearch.stopMarker]

    /// The consent and review dates as PostgreSQL reads them (`nil` when absent or not a date).
    var consentDay: String? { consentDate.flatMap { CalendarDay(iso8601: $0)?.iso8601 } }
    var reviewDay: String? { reviewDate.flatMap { CalendarDay(iso8601: $0)?.iso8601 } }
    var subjectConsentDay: String? { subjectConsentDate.flatMap { CalendarDay(iso8601: $0)?.iso8601 } }

    /// Field-level problems (area codes are checked against the database by the store). Lengths
    /// count Unicode scalars, as PostgreSQL's `length` does: "é" written as e + U+0301 is one
    /// `Character` but two of the database's characters.
    public func validationErrors() -> [FieldError] {
        var errors: [FieldError] = []
        if title.allSatisfy(\.isWhitespace) || title.unicodeScalars.count > 200 { errors.append(FieldError("title", "must be 1 to 200 characters")) }
        if summary.unicodeScalars.count > 2000 { errors.append(FieldError("summary", "must be at most 2000 characters")) }
        if body.unicodeScalars.count > 100_000 { errors.append(FieldError("body", "must be at most 100000 characters")) }
        for (field, text) in [("title", title), ("summary", summary), ("body", body)]
        where text.unicodeScalars.contains(where: { Self.reservedMarkers.contains(Character($0)) }) {
            errors.append(FieldError(field, "contains a reserved character (U+E000 or U+E001)"))
        }
        if areas.isEmpty || areas.count > 10 { errors.append(FieldError("areas", "must list 1 to 10 areas")) }
        if Set(areas).count != areas.count { errors.append(FieldError("areas", "must not repeat an area")) }
        if !Self.phases.contains(phase) {
            errors.append(FieldError("phase", "must be one of \(Self.phases.joined(separator: ", "))"))
        }
        if impact.count > 10 { errors.append(FieldError("impact", "must list at most 10 measures")) }
        for reference in impact {
            if reference.measure.isEmpty || reference.measure.count > 64 || !reference.measure.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
                errors.append(FieldError("impact", "'\(reference.measure)' is not a measure code"))
            }
            if !(2000...2100).contains(reference.beforeYear) || !(2000...2100).contains(reference.afterYear)
                || reference.beforeYear >= reference.afterYear
            {
                errors.append(FieldError("impact", "years must be 2000 to 2100, the before year earlier than the after year"))
            }
        }
        for (field, date) in [("consentDate", consentDate), ("reviewDate", reviewDate), ("subjectConsentDate", subjectConsentDate)] {
            if let date, CalendarDay(iso8601: date) == nil { errors.append(FieldError(field, "must be a date, yyyy-mm-dd")) }
        }
        return errors
    }
}

/// A practice record to create: its content, its contributor (a school or a supporter), and the
/// partnership it came out of, if any.
public struct NewPracticeRecord: Codable, Sendable, Equatable {
    public var content: PracticeContent
    public var urn: Int?
    public var supporterID: Int64?
    public var partnershipID: Int64?

    public init(content: PracticeContent, urn: Int? = nil, supporterID: Int64? = nil, partnershipID: Int64? = nil) {
        self.content = content
        self.urn = urn
        self.supporterID = supporterID
        self.partnershipID = partnershipID
    }

    /// Field-level problems.
    public func validationErrors() -> [FieldError] {
        var errors = content.validationErrors()
        if (urn == nil) == (supporterID == nil) {
            errors.append(FieldError("urn", "give exactly one contributor: a school's urn or a supporterId"))
        }
        if let urn, !(100_000...999_999).contains(urn) { errors.append(FieldError("urn", "no school has this URN")) }
        return errors
    }
}
