import Analysis
import Postgres

/// One school's analysis in full, for an adviser: the fresh result with its reasons, evidence,
/// areas, strengths and warnings, beside the stored level status and last year's level.
public struct SchoolExplanation: Sendable, Codable {
    public var name: String
    public var analysis: SchoolAnalysis
    /// The stored status (latest run's proposal and any decision); `nil` when none.
    public var status: SchoolLevelStatus?
    /// The school's effective level the year before, where one exists.
    public var previousLevel: SupportLevel?
}

extension AnalysisRunner {
    /// Analyses one school afresh, writing nothing, and reads its stored level status.
    /// - Throws: ``SchoolExplanationError`` when the school is unknown, not open in the year or
    ///   without statutory ages.
    public func explain(urn: Int, academicYear: Int) async throws -> SchoolExplanation {
        do { try rules.validate() } catch { throw AnalysisRunError.invalidRules(error.description) }
        return try await pool.withConnection { connection in
            let evidence = try await AnalysisEvidence.load(
                academicYear: academicYear, rules: rules, urn: urn, on: connection)
            guard let school = evidence.schools.first else {
                throw evidence.schoolsWithoutAges.isEmpty
                    ? SchoolExplanationError.notOpen(urn: urn, academicYear: academicYear)
                    : SchoolExplanationError.noStatutoryAges(urn)
            }
            let analyser = try Analyser(rules: rules, comparators: evidence.comparators, academicYear: academicYear)
            return SchoolExplanation(
                name: evidence.names[urn] ?? "", analysis: analyser.analyse(school),
                status: try await SchoolLevelStatus.load(academicYear: academicYear, urn: urn, on: connection).first,
                previousLevel: evidence.previousLevels[urn])
        }
    }
}

/// Why a school cannot be explained.
public enum SchoolExplanationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No school with the URN is open during the year.
    case notOpen(urn: Int, academicYear: Int)
    /// GIAS gives the school no statutory age range, so no key stage can be chosen.
    case noStatutoryAges(Int)

    public var description: String {
        switch self {
        case .notOpen(let urn, let year): "no school with URN \(urn) is open in the academic year ending \(year)"
        case .noStatutoryAges(let urn): "school \(urn) has no statutory age range in GIAS, so it cannot be analysed"
        }
    }
}
