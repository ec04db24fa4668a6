import Foundation
import Postgres

/// Imports a GIAS establishment extract (either layout) into `schools`, registering the trusts
/// they name in `trusts` and, for the all-establishment layout, placing schools without a better
/// location at their converted Easting/Northing in `school_coordinates`.
public enum GIASImport {
    /// Imports `url` in one transaction; see ``ImportPolicy``.
    public static func run(_ url: URL, into pool: PostgresPool, policy: ImportPolicy,
                           progress: (Int) -> Void = { _ in }) async throws -> ImportSummary {
        let (layout, reader) = try GIASReader.open(url)
        return try await plan(layout).run(on: pool, reader: reader, policy: policy, progress: progress) { school in
            [stagingRow(school)]
        }
    }

    private static let schoolColumns: [(name: String, type: String)] = [
        ("ukprn", "integer"), ("laestab", "integer"), ("la_code", "integer"), ("la_name", "text"),
        ("name", "text"), ("type_code", "text"), ("type_name", "text"), ("type_group", "text"),
        ("phase", "text"), ("status", "text"), ("statutory_low_age", "integer"),
        ("statutory_high_age", "integer"), ("gender", "text"), ("religious_character", "text"),
        ("urban_rural_code", "text"), ("urban_rural", "text"), ("district_code", "text"),
        ("district", "text"), ("constituency_code", "text"), ("constituency", "text"),
        ("street", "text"), ("locality", "text"), ("address3", "text"), ("town", "text"),
        ("county", "text"), ("postcode", "text"), ("head_teacher", "text"), ("pupils", "integer"),
        ("fsm_percent", "numeric"), ("trust_reference", "text"), ("open_date", "date"), ("close_date", "date"),
    ]

    /// The columns the public daily extract does not have: importing it keeps their values.
    private static let allEstablishmentDataOnly: Set<String> = [
        "type_code", "type_group", "urban_rural_code", "urban_rural", "district_code", "district", "pupils",
        "fsm_percent", "trust_reference", "close_date",
    ]

    private static func plan(_ layout: GIASLayout) -> StagedImport {
        let updated = schoolColumns.map(\.name).filter {
            layout == .allEstablishmentData || !allEstablishmentDataOnly.contains($0)
        }
        return StagedImport(
            columns: [("urn", "integer")] + schoolColumns
                + [("trust_name", "text"), ("latitude", "double precision"), ("longitude", "double precision")],
            statements: [
                .supporting("""
                    INSERT INTO trusts (reference, name)
                    SELECT DISTINCT ON (trust_reference) trust_reference, trust_name FROM \(StagedImport.stagingTable)
                    WHERE trust_reference IS NOT NULL ORDER BY trust_reference, seq DESC
                    ON CONFLICT (reference) DO UPDATE SET name = EXCLUDED.name
                    WHERE trusts.name IS DISTINCT FROM EXCLUDED.name
                    """),
                .counted(Upsert(
                    table: "schools", key: ["urn"], columns: updated,
                    source: "SELECT * FROM \(StagedImport.stagingTable)")),
                .supporting("""
                    INSERT INTO school_coordinates (urn, latitude, longitude, source)
                    SELECT urn, latitude, longitude, 'national-grid' FROM (
                        SELECT DISTINCT ON (urn) urn, latitude, longitude FROM \(StagedImport.stagingTable)
                        WHERE latitude IS NOT NULL ORDER BY urn, seq DESC) AS latest
                    -- Leave alone, without locking them, the rows that would not change.
                    WHERE NOT EXISTS (
                        SELECT FROM school_coordinates AS stored WHERE stored.urn = latest.urn
                            AND (stored.source <> 'national-grid' OR (stored.latitude, stored.longitude)
                                IS NOT DISTINCT FROM (latest.latitude, latest.longitude)))
                    ON CONFLICT (urn) DO UPDATE SET latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude
                    WHERE school_coordinates.source = 'national-grid'
                        AND (school_coordinates.latitude, school_coordinates.longitude)
                            IS DISTINCT FROM (EXCLUDED.latitude, EXCLUDED.longitude)
                    """),
            ])
    }

    private static func stagingRow(_ school: GIASEstablishment) -> [String?] {
        let head = [school.headTitle, school.headFirstName, school.headLastName].compactMap { $0 }
        let location = school.location
        return [
            school.urn.stagingText, school.ukprn.stagingText, school.laestab.stagingText,
            school.laCode.stagingText, school.laName, school.name, school.type.code, school.type.name,
            school.typeGroup.name, school.phase.name, school.status.name,
            school.statutoryLowAge.stagingText, school.statutoryHighAge.stagingText, school.gender,
            school.religiousCharacter, school.urbanRural.code, school.urbanRural.name, school.district.code,
            school.district.name, school.constituency.code, school.constituency.name, school.street,
            school.locality, school.address3, school.town, school.county, school.postcode,
            head.isEmpty ? nil : head.joined(separator: " "), school.numberOfPupils.stagingText,
            school.percentageFSM.stagingText, school.trust.code, school.openDate.stagingText,
            school.closeDate.stagingText, school.trust.name,
            location?.latitude.stagingText, location?.longitude.stagingText,
        ]
    }
}
