import Broker
import Foundation

/// Maps `Broker`'s domain values to the contract's generated types.
enum APIValues {
    static func school(_ school: SchoolSummary) -> Components.Schemas.SchoolSummary {
        .init(
            urn: school.urn, name: school.name, laCode: school.laCode, laName: school.laName, phase: school.phase,
            typeName: school.typeName, status: school.status, district: school.district, town: school.town,
            postcode: school.postcode, pupils: school.pupils, trustReference: school.trustReference,
            trustName: school.trustName)
    }

    static func school(_ detail: SchoolDetail) -> Components.Schemas.SchoolDetail {
        .init(
            school: school(detail.summary), statutoryLowAge: detail.statutoryLowAge,
            statutoryHighAge: detail.statutoryHighAge, headTeacher: detail.headTeacher, street: detail.street,
            urbanRural: detail.urbanRural, fsmPercent: detail.fsmPercent, openDate: detail.openDate,
            closeDate: detail.closeDate, latitude: detail.latitude, longitude: detail.longitude,
            measures: detail.measures.map(measure), inspections: detail.inspections.map(inspection),
            needs: detail.needs?.map(need), levelHistory: detail.levelHistory?.map(levelHistory),
            areasForImprovement: detail.areasForImprovement?.map(area), strengths: detail.strengths?.map(strength))
    }

    static func figure(_ figure: PublishedFigure) -> Components.Schemas.Figure {
        .init(value: figure.value, suppression: figure.suppression)
    }

    static func measure(_ measure: MeasureComparison) -> Components.Schemas.MeasureComparison {
        .init(
            academicYear: measure.academicYear, dataset: measure.dataset, measure: measure.measure,
            title: measure.title, unit: measure.unit, higherIsBetter: measure.higherIsBetter,
            school: figure(measure.school), lower: measure.lower, upper: measure.upper, cohort: measure.cohort,
            localAuthority: measure.localAuthority.map(figure), england: measure.england.map(figure))
    }

    static func inspection(_ inspection: InspectionSummary) -> Components.Schemas.Inspection {
        .init(
            framework: inspection.framework == "legacy" ? .legacy : .reportCard,
            inspectionNumber: inspection.inspectionNumber, inspectionType: inspection.inspectionType,
            startDate: inspection.startDate, publicationDate: inspection.publicationDate,
            categoryOfConcern: inspection.categoryOfConcern,
            grades: inspection.grades.map { .init(heading: $0.heading, grade: $0.grade, date: $0.date) },
            safeguarding: inspection.safeguarding)
    }

    static func need(_ need: Need) -> Components.Schemas.Need {
        .init(
            id: need.id, urn: need.urn, areaCode: need.areaCode, academicYear: need.academicYear,
            severity: need.severity, source: Components.Schemas.NeedSource(rawValue: need.source.rawValue) ?? .adviser,
            status: Components.Schemas.NeedStatus(rawValue: need.status.rawValue) ?? .open,
            rationale: need.rationale, createdAt: need.createdAt, updatedAt: need.updatedAt)
    }

    /// A stable encoding (sorted keys) for entity tags and request fingerprints.
    static func canonicalJSON(_ value: some Encodable) throws -> Data {
        try encoder.encode(value)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}
