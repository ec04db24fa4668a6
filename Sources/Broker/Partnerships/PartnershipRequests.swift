import Foundation

/// The agreed terms of a partnership: objectives, days committed and review dates. In an update
/// or a transition, `nil` leaves a term as it is.
public struct PartnershipAgreement: Codable, Sendable, Equatable {
    public var objectives: [String]?
    public var daysCommitted: Double?
    /// ISO 8601 dates (`yyyy-mm-dd`).
    public var reviewDates: [String]?

    public init(objectives: [String]? = nil, daysCommitted: Double? = nil, reviewDates: [String]? = nil) {
        self.objectives = objectives
        self.daysCommitted = daysCommitted
        self.reviewDates = reviewDates
    }

    /// Whether any term is given.
    var isEmpty: Bool { objectives == nil && daysCommitted == nil && reviewDates == nil }

    /// Field-level problems with the terms given.
    public func validationErrors() -> [FieldError] {
        var errors: [FieldError] = []
        if let objectives {
            if objectives.count > 20 { errors.append(FieldError("objectives", "must be at most 20")) }
            if objectives.contains(where: { $0.allSatisfy(\.isWhitespace) || $0.count > 1000 }) {
                errors.append(FieldError("objectives", "each must be 1 to 1000 characters"))
            }
        }
        if let daysCommitted, !(0...1000).contains(daysCommitted) || daysCommitted * 10 != (daysCommitted * 10).rounded() {
            errors.append(FieldError("daysCommitted", "must be 0 to 1000 days, in tenths"))
        }
        if let reviewDates {
            if reviewDates.count > 50 { errors.append(FieldError("reviewDates", "must be at most 50")) }
            if reviewDates.contains(where: { CalendarDay(iso8601: $0) == nil }) {
                errors.append(FieldError("reviewDates", "each must be a date, yyyy-mm-dd"))
            }
        }
        return errors
    }
}

/// A partnership to propose: a supporter for one or more needs of one school.
public struct NewPartnership: Codable, Sendable, Equatable {
    public var supporterID: Int64
    public var needIDs: [Int64]
    /// The match run that proposed this pairing, if it came from one: every need must have been
    /// matched to this supporter by that run.
    public var matchRunID: Int64?
    public var agreement: PartnershipAgreement

    public init(supporterID: Int64, needIDs: [Int64], matchRunID: Int64? = nil, agreement: PartnershipAgreement = .init()) {
        self.supporterID = supporterID
        self.needIDs = needIDs
        self.matchRunID = matchRunID
        self.agreement = agreement
    }

    /// Field-level problems the database would otherwise report one at a time.
    public func validationErrors() -> [FieldError] {
        var errors = agreement.validationErrors()
        if needIDs.isEmpty || needIDs.count > 20 { errors.append(FieldError("needIds", "must list 1 to 20 needs")) }
        if Set(needIDs).count != needIDs.count { errors.append(FieldError("needIds", "must not repeat a need")) }
        return errors
    }
}

/// A move of a partnership to `to`, with what that move needs: a reason to end one, an impact
/// note to complete one, and optionally the agreed terms (usually on acceptance).
public struct PartnershipTransitionRequest: Codable, Sendable, Equatable {
    public var to: PartnershipStatus
    public var reason: String
    public var impactNote: String?
    public var agreement: PartnershipAgreement

    public init(to: PartnershipStatus, reason: String = "", impactNote: String? = nil, agreement: PartnershipAgreement = .init()) {
        self.to = to
        self.reason = reason
        self.impactNote = impactNote
        self.agreement = agreement
    }

    /// Field-level problems: a missing reason or impact note, bad terms.
    public func validationErrors() -> [FieldError] {
        var errors = agreement.validationErrors()
        if to.endsUnmet, reason.allSatisfy(\.isWhitespace) {
            errors.append(FieldError("reason", "is required to make a partnership \(to.rawValue)"))
        }
        if reason.count > 4000 { errors.append(FieldError("reason", "must be at most 4000 characters")) }
        if to == .completed, (impactNote ?? "").allSatisfy(\.isWhitespace) {
            errors.append(FieldError("impactNote", "is required to complete a partnership"))
        }
        if let impactNote, impactNote.count > 8000 { errors.append(FieldError("impactNote", "must be at most 8000 characters")) }
        return errors
    }
}
