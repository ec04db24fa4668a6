import Broker

/// Maps head teacher groups, partner search and strategy reports to the contract's types.
extension APIValues {
    static func group(_ group: SchoolGroup) -> Components.Schemas.SchoolGroup {
        .init(
            id: group.id, name: group.name, kind: Components.Schemas.SchoolGroupKind(rawValue: group.kind.rawValue) ?? .alliance,
            laCode: group.laCode, members: group.members.map { .init(urn: $0.urn, name: $0.name, since: $0.since) })
    }

    static func newGroup(_ body: Components.Schemas.NewSchoolGroup) -> NewSchoolGroup {
        NewSchoolGroup(
            name: body.name, kind: SchoolGroup.Kind(rawValue: body.kind.rawValue) ?? .alliance, laCode: body.laCode,
            members: body.members ?? [])
    }

    static func groupOverview(_ overview: GroupOverview) -> Components.Schemas.GroupOverview {
        .init(
            group: group(overview.group), academicYear: overview.academicYear,
            schools: overview.schools.map { school in
                .init(
                    urn: school.urn, name: school.name, phase: school.phase, district: school.district, since: school.since,
                    effectiveLevel: school.effectiveLevel.flatMap(Components.Schemas.SupportLevel.init(rawValue:)),
                    areasForImprovement: school.areasForImprovement.map { .init(areaCode: $0.areaCode, severity: $0.severity) })
            })
    }

    static func partnerSearch(_ result: PartnerSearchResult) -> Components.Schemas.PartnerSearchResult {
        .init(
            urn: result.urn, areaCode: result.areaCode, academicYear: result.academicYear, severity: result.severity,
            maxDistanceKm: result.maxDistanceKm,
            candidates: result.candidates.map {
                .init(
                    supporterId: $0.supporterID, name: $0.name, kind: $0.kind, homeUrn: $0.homeURN, homeSchoolName: $0.homeSchoolName,
                    capacity: $0.capacity, freeCapacity: $0.freeCapacity, evidence: $0.evidence, score: score($0.score),
                    explanation: $0.explanation)
            },
            excluded: .init(additionalProperties: result.excluded))
    }

    static func strategyReport(_ report: StrategyReport) -> Components.Schemas.StrategyReport {
        .init(
            academicYear: report.academicYear, laCode: report.laCode, districts: report.districts.map(district),
            movement: report.movement.map { .init(from: $0.from, to: $0.to, schools: $0.schools) }, england: outcomes(report.england),
            impact: report.impact.map {
                .init(
                    areaCode: $0.areaCode, measure: $0.measure, partneredSchools: $0.partneredSchools, partneredChange: $0.partneredChange,
                    comparisonSchools: $0.comparisonSchools, comparisonChange: $0.comparisonChange, difference: $0.difference)
            },
            goodOrBetterRule: report.goodOrBetterRule)
    }

    private static func outcomes(_ figures: OutcomeFigures) -> Components.Schemas.OutcomeFigures {
        .init(
            reading: figures.reading, writing: figures.writing, maths: figures.maths, disadvantaged: figures.disadvantaged,
            otherPupils: figures.otherPupils, disadvantagedGap: figures.disadvantagedGap)
    }

    private static func district(_ figures: DistrictFigures) -> Components.Schemas.DistrictFigures {
        .init(
            district: figures.district, schoolsWithLevel: figures.schoolsWithLevel, levels: .init(additionalProperties: figures.levels),
            outcomes: outcomes(figures.outcomes), legacyGraded: figures.legacyGraded, legacyGoodOrBetter: figures.legacyGoodOrBetter,
            reportCards: figures.reportCards, reportCardGoodOrBetter: figures.reportCardGoodOrBetter, inspected: figures.inspected,
            goodOrBetter: figures.goodOrBetter, goodOrBetterPercent: figures.goodOrBetterPercent,
            focusOrIntensive: figures.focusOrIntensive,
            supportedByPartnership: figures.supportedByPartnership, supporters: figures.supporters, capacity: figures.capacity,
            engagements: figures.engagements, supportersFull: figures.supportersFull, overdueActivities: figures.overdueActivities,
            schoolsWithOverdueActivities: figures.schoolsWithOverdueActivities)
    }
}
