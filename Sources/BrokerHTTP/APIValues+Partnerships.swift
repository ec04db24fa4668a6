import Broker

/// Maps partnerships to the contract's types.
extension APIValues {
    static func partnership(_ partnership: Partnership) -> Components.Schemas.Partnership {
        .init(
            id: partnership.id, supporterId: partnership.supporterID, supporterName: partnership.supporterName,
            urn: partnership.urn, academicYear: partnership.academicYear, status: status(partnership.status),
            needIds: partnership.needIDs, matchRunId: partnership.matchRunID, objectives: partnership.objectives,
            daysCommitted: partnership.daysCommitted, reviewDates: partnership.reviewDates, impactNote: partnership.impactNote,
            practiceInvited: partnership.practiceInvited,
            version: partnership.version, createdAt: partnership.createdAt, updatedAt: partnership.updatedAt,
            transitions: partnership.transitions.map { transition in
                .init(from: transition.from?.rawValue, to: status(transition.to), actorId: transition.actorID,
                      reason: transition.reason, at: transition.at)
            })
    }

    static func status(_ status: PartnershipStatus) -> Components.Schemas.PartnershipStatus {
        Components.Schemas.PartnershipStatus(rawValue: status.rawValue) ?? .proposed
    }
}
