import Broker

/// Maps the supporters register to the contract's types.
extension APIValues {
    static func supporter(_ supporter: Supporter) -> Components.Schemas.Supporter {
        .init(
            id: supporter.id, reference: supporter.reference, name: supporter.name,
            kind: Components.Schemas.SupporterKind(rawValue: supporter.kind.rawValue) ?? .school, homeUrn: supporter.homeURN,
            laCode: supporter.laCode, designations: supporter.designations.compactMap { .init(rawValue: $0.rawValue) },
            phases: supporter.phases, capacity: supporter.capacity, engagements: supporter.engagements,
            availableFrom: supporter.availableFrom, availableTo: supporter.availableTo,
            status: Components.Schemas.SupporterStatus(rawValue: supporter.status.rawValue) ?? .proposed,
            specialisms: supporter.specialisms.map(specialism), conflicts: supporter.conflicts?.map(conflict),
            version: supporter.version, createdAt: supporter.createdAt, updatedAt: supporter.updatedAt)
    }

    static func specialism(_ specialism: Supporter.Specialism) -> Components.Schemas.Specialism {
        .init(areaCode: specialism.areaCode, strength: specialism.strength, evidence: specialism.evidence)
    }

    static func conflict(_ conflict: Supporter.DeclaredConflict) -> Components.Schemas.DeclaredConflict {
        .init(urn: conflict.urn, reason: conflict.reason)
    }

    static func newSupporter(_ body: Components.Schemas.NewSupporter) -> NewSupporter {
        NewSupporter(
            name: body.name, kind: SupporterKind(rawValue: body.kind.rawValue) ?? .school, homeURN: body.homeUrn,
            designations: (body.designations ?? []).compactMap { SupporterDesignation(rawValue: $0.rawValue) },
            phases: (body.phases).map(\.rawValue), capacity: body.capacity, availableFrom: body.availableFrom,
            availableTo: body.availableTo, specialisms: (body.specialisms ?? []).map(specialism),
            conflicts: (body.conflicts ?? []).map(conflict))
    }

    static func supporterChanges(_ body: Components.Schemas.SupporterChanges) -> SupporterChanges {
        SupporterChanges(
            capacity: body.capacity, availableFrom: body.availableFrom, availableTo: body.availableTo,
            specialisms: body.specialisms?.map(specialism),
            designations: body.designations?.compactMap { SupporterDesignation(rawValue: $0.rawValue) },
            conflicts: body.conflicts?.map(conflict), status: body.status.flatMap { SupporterStatus(rawValue: $0.rawValue) })
    }

    static func specialism(_ specialism: Components.Schemas.Specialism) -> Supporter.Specialism {
        .init(areaCode: specialism.areaCode, strength: specialism.strength, evidence: specialism.evidence ?? "")
    }

    static func conflict(_ conflict: Components.Schemas.DeclaredConflict) -> Supporter.DeclaredConflict {
        .init(urn: conflict.urn, reason: conflict.reason ?? "")
    }
}
