import Foundation
import Matching

/// The reference harness's files (`<repo>/../shared/matching`, or `$SCHOOLBROKER_SHARED/matching`),
/// read at test time and never copied into the repository.
enum SharedData {
    static let directory: URL = {
        if let shared = ProcessInfo.processInfo.environment["SCHOOLBROKER_SHARED"] {
            return URL(fileURLWithPath: shared).appendingPathComponent("matching")
        }
        // <repo>/Tests/MatchingTests/SharedData.swift → <repo>/../shared/matching
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/matching")
    }()

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }

    /// `expected.json`, per candidate set.
    struct Expected: Decodable {
        struct Optimal: Decodable {
            var objective: Int64
            var matched: Int
        }
        struct Stable: Decodable {
            var assignment_sha: String
            var blocking_pairs: Int
            var matched: Int
        }
        var optimal: Optimal
        var stable: Stable?
    }

    static func expected() throws -> [String: Expected] {
        try JSONDecoder().decode([String: Expected].self, from: Data(bytes("expected.json")))
    }
}

/// A `matchpeer-instance/1` file, mapped to the module's domain types.
struct PeerInstance: Decodable {
    struct Params: Decodable {
        var max_distance_km: Double
        var decay_km: Double
        var context_floor: Double
        var weight_scale: Double
        var top_k: Int
    }
    struct SchoolRecord: Decodable {
        var id: Int
        var phase: String
        var x_km: Double
        var y_km: Double
        var trust: Int
        var fsm: Double
        var pupils: Int
        var urban: Int
        var ofsted: Int
    }
    struct SpecialismRecord: Decodable {
        var area: String
        var strength: Double
    }
    struct SupporterRecord: Decodable {
        var id: Int
        var home_school: Int
        var trust: Int
        var x_km: Double
        var y_km: Double
        var phases: [String]
        var capacity: Int
        var fsm: Double
        var pupils: Int
        var urban: Int
        var specialisms: [SpecialismRecord]
    }
    struct NeedRecord: Decodable {
        var id: Int
        var school: Int
        var area: String
        var severity: Int
    }
    var params: Params
    var areas: [String]
    var schools: [SchoolRecord]
    var supporters: [SupporterRecord]
    var needs: [NeedRecord]

    static func load(_ name: String) throws -> PeerInstance {
        try JSONDecoder().decode(PeerInstance.self, from: Data(SharedData.bytes(name)))
    }

    var parameters: MatchParameters {
        MatchParameters(
            maxDistanceKm: params.max_distance_km, decayKm: params.decay_km, contextFloor: params.context_floor,
            weightScale: params.weight_scale, topK: params.top_k)
    }

    /// A 20 km square of the grid, standing in for a district.
    static func district(_ x: Double, _ y: Double) -> String { "D\(Int(x / 20))-\(Int(y / 20))" }

    var domainSchools: [School] {
        schools.map {
            School(
                id: $0.id, phase: Phase(rawValue: $0.phase)!, location: Location(eastingKm: $0.x_km, northingKm: $0.y_km),
                trust: $0.trust >= 0 ? $0.trust : nil,
                context: SchoolContext(freeSchoolMealsShare: $0.fsm, pupils: $0.pupils, isUrban: $0.urban == 1),
                isInIntensiveSupport: $0.ofsted >= 4, district: Self.district($0.x_km, $0.y_km))
        }
    }

    var domainSupporters: [Supporter] {
        supporters.map {
            Supporter(
                id: $0.id, homeSchool: $0.home_school >= 0 ? $0.home_school : nil, trust: $0.trust >= 0 ? $0.trust : nil,
                location: Location(eastingKm: $0.x_km, northingKm: $0.y_km),
                phases: Set($0.phases.map { Phase(rawValue: $0)! }), capacity: $0.capacity,
                context: SchoolContext(freeSchoolMealsShare: $0.fsm, pupils: $0.pupils, isUrban: $0.urban == 1),
                specialisms: $0.specialisms.map { Specialism(area: Area($0.area), strength: $0.strength) },
                district: Self.district($0.x_km, $0.y_km))
        }
    }

    var domainNeeds: [Need] {
        needs.map { Need(id: $0.id, school: $0.school, area: Area($0.area), severity: $0.severity) }
    }

    func generator() -> CandidateGenerator {
        CandidateGenerator(
            schools: domainSchools, supporters: domainSupporters, needs: domainNeeds, parameters: parameters)
    }
}

/// One row of a golden `.candidates.csv`.
struct GoldenEdge: Equatable {
    var need: Int
    var supporter: Int
    var rank: Int
    var distanceKm: Double
    var strength: Double
    var severity: Int
    var decay: Double
    var context: Double
    var quality: Double
    var weight: Int64

    static func load(_ name: String) throws -> [GoldenEdge] {
        try SharedData.text(name).split(separator: "\n").dropFirst(2).map { line in
            let f = line.split(separator: ",")
            return GoldenEdge(
                need: Int(f[0])!, supporter: Int(f[1])!, rank: Int(f[2])!, distanceKm: Double(f[3])!,
                strength: Double(f[4])!, severity: Int(f[5])!, decay: Double(f[6])!, context: Double(f[7])!,
                quality: Double(f[8])!, weight: Int64(f[9])!)
        }
    }
}
