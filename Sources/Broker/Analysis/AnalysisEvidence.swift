import Analysis
import Postgres

/// Everything one academic year's analysis reads from the database: each school's evidence, the
/// England and LA comparators, and last year's levels (for the changes since then).
public struct AnalysisEvidence: Sendable {
    /// The schools open during the year with known statutory ages, by URN.
    public var schools: [SchoolEvidence]
    /// School names by URN, for reports.
    public var names: [Int: String]
    public var comparators: Comparators
    /// Each school's effective level (decided, else proposed) in the year before, where one exists.
    public var previousLevels: [Int: SupportLevel]
    /// Schools open during the year left out because GIAS gives no statutory age range.
    public var schoolsWithoutAges: [Int]

    /// Reads the evidence for `academicYear` under `rules` (which set the years and measures
    /// read) in six set-based queries; `urn` restricts it to one school. Each school's
    /// self-evaluation is its latest current submission of the year or before.
    ///
    /// - Parameter reader: a connection seeing the same data as `connection` (a
    ///   ``SnapshotReader``); when given, the measures, most of what is read, are read and
    ///   decoded on it meanwhile.
    ///
    /// Advisers' flags have no table yet: every school has none.
    public static func load(
        academicYear: Int, rules: AnalysisRules, urn: Int? = nil, on connection: PostgresConnection,
        measuresOn reader: PostgresConnection? = nil
    ) async throws -> AnalysisEvidence {
        let firstYear = academicYear - rules.windowYears + 1
        let codes = measureCodes(rules)
        let read = { (connection: PostgresConnection) in
            try await measures(codes: codes, years: firstYear...academicYear, urn: urn, on: connection)
        }
        var evidence: AnalysisEvidence
        var index: [Int: Int]
        let figures: [(urn: Int, measure: MeasureObservation)]
        if let reader {
            async let beside = read(reader)
            (evidence, index) = try await schoolsAndContext(
                academicYear: academicYear, years: firstYear...academicYear, codes: codes, urn: urn, on: connection)
            figures = try await beside
        } else {
            (evidence, index) = try await schoolsAndContext(
                academicYear: academicYear, years: firstYear...academicYear, codes: codes, urn: urn, on: connection)
            figures = try await read(connection)
        }
        for (school, measure) in figures {
            guard let position = index[school] else { continue }
            evidence.schools[position].measures.append(measure)
        }
        return evidence
    }

    /// Everything but the measures, and each school's position in `schools` by URN.
    private static func schoolsAndContext(
        academicYear: Int, years: ClosedRange<Int>, codes: [String], urn: Int?, on connection: PostgresConnection
    ) async throws -> (AnalysisEvidence, [Int: Int]) {
        var evidence = AnalysisEvidence(
            schools: [], names: [:], comparators: Comparators(), previousLevels: [:], schoolsWithoutAges: [])

        let schoolRows = try await connection.query(
            """
            SELECT urn, la_code, name, coalesce(phase, '') AS phase, statutory_low_age, statutory_high_age,
                   coalesce(type_group = 'Special schools', false) AS special, pupils, fsm_percent::float8 AS fsm
            FROM schools
            WHERE (close_date IS NULL OR close_date >= make_date(\(academicYear)::integer - 1, 9, 1))
              AND (open_date IS NULL OR open_date <= make_date(\(academicYear)::integer, 8, 31))
              AND (\(urn)::integer IS NULL OR urn = \(urn)::integer)
            ORDER BY urn
            """)
        var index: [Int: Int] = [:]
        index.reserveCapacity(schoolRows.count)
        for row in schoolRows {
            let urn = try row.decode(0, as: Int.self)
            evidence.names[urn] = try row.decode(2, as: String.self)
            guard let low = try row.decode(4, as: Int?.self), let high = try row.decode(5, as: Int?.self) else {
                evidence.schoolsWithoutAges.append(urn)
                continue
            }
            let laCode = try row.decode(1, as: Int.self)
            index[urn] = evidence.schools.count
            evidence.schools.append(
                SchoolEvidence(
                    facts: SchoolFacts(
                        urn: urn, laCode: laCode == 0 ? nil : laCode, phase: try row.decode(3, as: String.self),
                        statutoryLowAge: low, statutoryHighAge: high, isSpecial: try row.decode(6, as: Bool.self),
                        pupils: try row.decode(7, as: Int?.self), fsmPercent: try row.decode(8, as: Double?.self))))
        }

        evidence.comparators = try await comparators(codes: codes, years: years, on: connection)
        for inspection in try await InspectionRecord.load(urn: urn, on: connection) {
            guard let position = index[inspection.urn] else { continue }
            evidence.schools[position].inspections.append(inspection.inspection)
        }

        for (school, selfEvaluation) in try await SelfEvaluationStore.latestForAnalysis(
            upTo: academicYear, urn: urn, on: connection)
        {
            guard let position = index[school] else { continue }
            evidence.schools[position].selfEvaluation = selfEvaluation
        }

        let previous = try await connection.query(
            """
            SELECT urn, effective_level FROM school_levels_in(\(academicYear - 1)::integer)
            WHERE effective_level IS NOT NULL
              AND (\(urn)::integer IS NULL OR urn = \(urn)::integer)
            """)
        for row in previous {
            evidence.previousLevels[try row.decode(0, as: Int.self)] = try row.decode(1, as: SupportLevel.self)
        }
        return (evidence, index)
    }

    /// The schools' figures of the measures `codes` in `years`, each with its school's URN.
    private static func measures(
        codes: [String], years: ClosedRange<Int>, urn: Int?, on connection: PostgresConnection
    ) async throws -> [(urn: Int, measure: MeasureObservation)] {
        // The figures as numeric text, read as doubles here: a cast to float8 in SQL goes through
        // text on the server and cost more than the rest of the query (measured).
        let rows = try await connection.query(
            """
            SELECT urn, measure, academic_year, value, suppression, lower, upper, round(cohort)::integer AS cohort
            FROM school_measures
            WHERE academic_year BETWEEN \(years.lowerBound)::integer AND \(years.upperBound)::integer
              AND dataset IN ('ks2', 'ks4') AND measure = ANY(\(codes))
              AND (\(urn)::integer IS NULL OR urn = \(urn)::integer)
            """)
        return try rows.map { row in
            (
                try row.decode(0, as: Int.self),
                MeasureObservation(
                    code: try row.decode(1, as: String.self), academicYear: try row.decode(2, as: Int.self),
                    value: try row.decode(3, as: Double?.self), suppression: try row.decode(4, as: String?.self),
                    lower: try row.decode(5, as: Double?.self), upper: try row.decode(6, as: Double?.self),
                    cohort: try row.decode(7, as: Int?.self))
            )
        }
    }

    /// The measure codes the rules read: each indicator's attainment, comparator and progress measure.
    static func measureCodes(_ rules: AnalysisRules) -> [String] {
        let codes = rules.indicators.flatMap { indicator in
            [indicator.attainment?.code, indicator.attainment?.comparatorCode, indicator.progress?.code]
        }
        return Array(Set(codes.compactMap { $0 })).sorted()
    }

    /// England's and every LA's figures. Where a table publishes several England rows, the
    /// maintained (state-funded) one is used: `RECTYPE` 7 in KS4 tables, 5 in KS2 tables.
    private static func comparators(
        codes: [String], years: ClosedRange<Int>, on connection: PostgresConnection
    ) async throws -> Comparators {
        let rows = try await connection.query(
            """
            SELECT DISTINCT ON (level, la_code, measure, academic_year)
                   level = 'england' AS england, la_code, measure, academic_year, value::float8
            FROM comparator_measures
            WHERE academic_year BETWEEN \(years.lowerBound)::integer AND \(years.upperBound)::integer
              AND dataset IN ('ks2', 'ks4') AND measure = ANY(\(codes)) AND value IS NOT NULL
            ORDER BY level, la_code, measure, academic_year,
                     record_group = 'RECTYPE 7' DESC, record_group = 'RECTYPE 5' DESC, record_group
            """)
        var comparators = Comparators()
        for row in rows {
            let key = Comparators.Key(try row.decode(2, as: String.self), try row.decode(3, as: Int.self))
            let value = try row.decode(4, as: Double.self)
            if try row.decode(0, as: Bool.self) {
                comparators.england[key] = value
            } else {
                comparators.localAuthority[try row.decode(1, as: Int.self), default: [:]][key] = value
            }
        }
        return comparators
    }
}
