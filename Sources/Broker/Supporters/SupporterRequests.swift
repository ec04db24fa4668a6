/// A supporter to register by hand (status `proposed` unless given).
public struct NewSupporter: Codable, Sendable, Equatable {
    public var name: String
    public var kind: SupporterKind
    public var homeURN: Int?
    public var designations: [SupporterDesignation]
    public var phases: [String]
    public var capacity: Int
    public var availableFrom: String?
    public var availableTo: String?
    public var specialisms: [Supporter.Specialism]
    public var conflicts: [Supporter.DeclaredConflict]

    public init(
        name: String, kind: SupporterKind, homeURN: Int? = nil, designations: [SupporterDesignation] = [], phases: [String],
        capacity: Int, availableFrom: String? = nil, availableTo: String? = nil, specialisms: [Supporter.Specialism] = [],
        conflicts: [Supporter.DeclaredConflict] = []
    ) {
        self.name = name
        self.kind = kind
        self.homeURN = homeURN
        self.designations = designations
        self.phases = phases
        self.capacity = capacity
        self.availableFrom = availableFrom
        self.availableTo = availableTo
        self.specialisms = specialisms
        self.conflicts = conflicts
    }

    /// Field-level problems the database would otherwise report one at a time.
    public func validationErrors() -> [FieldError] {
        var errors = SupporterChanges(
            capacity: capacity, availableFrom: availableFrom, availableTo: availableTo, specialisms: specialisms,
            designations: designations, conflicts: conflicts
        ).validationErrors()
        if name.allSatisfy(\.isWhitespace) || name.count > 200 { errors.append(FieldError("name", "must be 1 to 200 characters")) }
        if kind == .school, homeURN == nil { errors.append(FieldError("homeUrn", "a school supporter needs its school's URN")) }
        if phases.isEmpty || !phases.allSatisfy(["primary", "secondary", "all_through"].contains) {
            errors.append(FieldError("phases", "must list primary, secondary or all_through"))
        }
        return errors
    }
}

/// Changes to a supporter's record; `nil` leaves a field as it is. Specialisms, designations
/// and conflicts replace the whole list; an availability date of `""` clears it.
public struct SupporterChanges: Codable, Sendable, Equatable {
    public var capacity: Int?
    public var availableFrom: String?
    public var availableTo: String?
    public var specialisms: [Supporter.Specialism]?
    public var designations: [SupporterDesignation]?
    public var conflicts: [Supporter.DeclaredConflict]?
    public var status: SupporterStatus?

    public init(
        capacity: Int? = nil, availableFrom: String? = nil, availableTo: String? = nil,
        specialisms: [Supporter.Specialism]? = nil, designations: [SupporterDesignation]? = nil,
        conflicts: [Supporter.DeclaredConflict]? = nil, status: SupporterStatus? = nil
    ) {
        self.capacity = capacity
        self.availableFrom = availableFrom
        self.availableTo = availableTo
        self.specialisms = specialisms
        self.designations = designations
        self.conflicts = conflicts
        self.status = status
    }

    var isEmpty: Bool { self == SupporterChanges() }

    /// Field-level problems with the values given.
    public func validationErrors() -> [FieldError] {
        var errors: [FieldError] = []
        if let capacity, !(0...100).contains(capacity) { errors.append(FieldError("capacity", "must be 0 to 100")) }
        for (field, date) in [("availableFrom", availableFrom), ("availableTo", availableTo)] {
            if let date, !date.isEmpty, CalendarDay(iso8601: date) == nil {
                errors.append(FieldError(field, "must be a date, yyyy-mm-dd"))
            }
        }
        if let from = availableFrom.flatMap({ CalendarDay(iso8601: $0) }), let to = availableTo.flatMap({ CalendarDay(iso8601: $0) }),
            from > to
        {
            errors.append(FieldError("availableTo", "must not be before availableFrom"))
        }
        if let specialisms {
            if !specialisms.allSatisfy({ (0...1).contains($0.strength) }) {
                errors.append(FieldError("specialisms", "each strength must be 0 to 1"))
            }
            if Set(specialisms.map(\.areaCode)).count != specialisms.count {
                errors.append(FieldError("specialisms", "must not repeat an area"))
            }
            if specialisms.contains(where: { $0.evidence.count > 4000 }) {
                errors.append(FieldError("specialisms", "each evidence must be at most 4000 characters"))
            }
        }
        if let designations, Set(designations).count != designations.count {
            errors.append(FieldError("designations", "must not repeat a designation"))
        }
        if let conflicts, Set(conflicts.map(\.urn)).count != conflicts.count {
            errors.append(FieldError("conflicts", "must not repeat a school"))
        }
        return errors
    }
}
