import Broker
import Hummingbird

/// Turns the analysis, level, activity and match errors of `Broker` into the API's kinds of
/// error (``ValidationFailed``, ``NotFound``, ``Conflict``, or a ``Problem``), so they answer
/// 4xx with a clear message instead of 500.
enum DomainErrors {
    static func translating<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as AnalysisRunError {
            switch error {
            case .academicYearOutOfRange: throw ValidationFailed([FieldError("academicYear", error.description)])
            case .invalidRules, .unknownAreas: throw Conflict(error.description)
            }
        } catch let error as MatchRunError {
            throw Conflict(error.description)
        } catch let error as LevelDecisionError {
            switch error {
            case .actorRequired, .reasonRequired: throw ValidationFailed([FieldError("reason", error.description)])
            case .nothingProposed: throw Conflict(error.description)
            case .unknownSchool(let urn): throw NotFound(entity: "school", id: "\(urn)")
            }
        } catch let error as SupportActivityError {
            switch error {
            case .notFound(let id): throw NotFound(entity: "activity", id: "\(id)")
            case .versionMismatch: throw preconditionFailed(error.description)
            }
        }
    }

    /// 412: an If-Match that does not name the current version.
    static func preconditionFailed(_ detail: String) -> Problem {
        Problem("precondition-failed", title: "Precondition failed", status: .preconditionFailed, detail: detail)
    }

    /// Checks an academic year a client sent in `field`.
    static func academicYear(_ year: Int, field: String) throws -> Int {
        guard (2000...2100).contains(year) else {
            throw ValidationFailed([FieldError(field, "must be the year the academic year ends, 2000 to 2100")])
        }
        return year
    }
}
