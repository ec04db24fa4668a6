import Analysis
import Broker
import OpenAPIRuntime

/// The self-evaluation routes (issue 7).
extension BrokerAPI {
    func getSelfEvaluation(_ input: Operations.GetSelfEvaluation.Input) async throws -> Operations.GetSelfEvaluation.Output {
        let user = try RequestUser.required()
        let year = try DomainErrors.academicYear(input.path.year, field: "year")
        let comparison = try await SelfEvaluationStore.comparison(urn: input.path.urn, academicYear: year, for: user, in: pool)
        return .ok(.init(body: .json(APIValues.selfEvaluation(comparison))))
    }

    func submitSelfEvaluation(_ input: Operations.SubmitSelfEvaluation.Input) async throws
        -> Operations.SubmitSelfEvaluation.Output
    {
        let user = try RequestUser.required()
        let body = switch input.body { case .json(let body): body }
        let year = try DomainErrors.academicYear(input.path.year, field: "year")
        let judgements = try body.judgements.map { judgement in
            guard let grade = ReportCardGrade(rawValue: judgement.grade.rawValue) else {
                throw ValidationFailed([FieldError("judgements", "'\(judgement.grade.rawValue)' is not a report-card grade")])
            }
            return SchoolSelfEvaluation.Judgement(areaCode: judgement.areaCode, grade: grade, narrative: judgement.narrative ?? "")
        }
        let evaluation = NewSelfEvaluation(
            urn: input.path.urn, academicYear: year, judgements: judgements, overallNarrative: body.overallNarrative ?? "",
            selfReferralAreas: body.selfReferralAreas ?? [])
        let submitted = try await SelfEvaluationStore.submit(evaluation, by: user, in: pool)
        return .ok(.init(body: .json(APIValues.selfEvaluation(submitted))))
    }
}
