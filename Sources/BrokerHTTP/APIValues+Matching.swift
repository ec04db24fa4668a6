import Broker
import Foundation

/// Maps match runs, proposals and capacity prices to the contract's types.
extension APIValues {
    /// A run as computed (`createdBy`/`createdAt` unknown) or as stored.
    static func matchRun(
        _ summary: MatchRunSummary, id: Int?, byLevel: [LevelTally]?, byArea: [AreaTally]?, createdBy: String? = nil,
        createdAt: Date? = nil
    ) -> Components.Schemas.MatchRun {
        let parameters = summary.parameters
        let timings = summary.timings
        return .init(
            id: id, academicYear: summary.academicYear, mode: .init(rawValue: summary.mode.rawValue)!,
            parameters: .init(
                maxDistanceKm: parameters.maxDistanceKm, decayKm: parameters.decayKm, contextFloor: parameters.contextFloor,
                weightScale: parameters.weightScale, topK: parameters.topK, excludeSameTrust: parameters.excludeSameTrust),
            inputsFingerprint: summary.inputsFingerprint, objective: summary.objective, totalQuality: summary.totalQuality,
            needs: summary.needs, matched: summary.matched, supporters: summary.supporters,
            candidateEdges: summary.candidateEdges,
            exclusions: .init(additionalProperties: summary.counts.exclusions),
            needsAtUnlocatedSchools: summary.counts.needsAtUnlocatedSchools,
            supportersWithoutLocation: summary.counts.supportersWithoutLocation,
            specialismsWithdrawn: summary.counts.specialismsWithdrawn,
            timings: .init(
                load: timings.load, candidates: timings.candidates, solve: timings.solve, explain: timings.explain,
                pricing: timings.pricing, store: timings.store, total: timings.total),
            byLevel: byLevel?.map { .init(key: $0.level?.rawValue ?? "none", needs: $0.needs, matched: $0.matched) },
            byArea: byArea?.map { .init(key: $0.area, needs: $0.needs, matched: $0.matched) },
            createdBy: createdBy, createdAt: createdAt)
    }

    static func score(_ score: MatchScore) -> Components.Schemas.MatchScore {
        .init(
            weight: score.weight, distanceKm: score.distanceKm, strength: score.strength, decay: score.decay,
            similarity: score.similarity, context: score.context, quality: score.quality)
    }

    static func proposal(_ proposal: MatchProposal) -> Components.Schemas.MatchProposal {
        .init(
            needId: proposal.needID, urn: proposal.urn, areaCode: proposal.area, severity: proposal.severity,
            supporterId: proposal.supporterID,
            score: proposal.score.map(score),
            alternatives: proposal.alternatives.map {
                .init(
                    supporterId: $0.supporterID, weight: $0.weight, quality: $0.quality, distanceKm: $0.distanceKm,
                    reason: .init(rawValue: $0.reason.rawValue)!, factor: $0.factor, constraint: $0.constraint,
                    takenByNeedIds: $0.takenByNeedIDs)
            },
            unmatchedReason: proposal.unmatchedReason?.rawValue, unmatchedExplanation: proposal.unmatchedReason?.summary,
            unmatchedDetail: proposal.unmatchedDetail.map {
                .init(
                    exclusions: $0.exclusions.map { .init(additionalProperties: $0) }, candidates: $0.candidates,
                    candidateSupporterIds: $0.candidateSupporterIDs, maxDistanceKm: $0.maxDistanceKm)
            })
    }

    static func capacityPrice(_ price: SupporterCapacityPrice) -> Components.Schemas.CapacityPrice {
        .init(
            supporterId: price.supporterID, dual: price.dual, marginalGain: price.marginalGain,
            gainByArea: .init(additionalProperties: price.gainByArea))
    }
}
