@testable import Broker
import Foundation
import Postgres
import PropertyBased
import Testing

@Suite("Partner search")
struct PartnerSearchTests {
    /// Great-circle distance in km: an independent check of the grid distances (within 1%).
    static func haversineKm(_ a: (Double, Double), _ b: (Double, Double)) -> Double {
        let radians = Double.pi / 180
        let dLat = (b.0 - a.0) * radians, dLon = (b.1 - a.1) * radians
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.0 * radians) * cos(b.0 * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6371.0 * asin(h.squareRoot())
    }

    static func search(_ fixture: GroupFixture, by key: String = "group", urn: Int = 100001, maxKm: Double? = 50,
                       group: Int64? = nil) async throws -> PartnerSearchResult {
        try await PartnerSearch.search(
            PartnerSearchRequest(urn: urn, areaCode: "ks2-reading", academicYear: 2025, maxDistanceKm: maxKm),
            inGroup: group ?? fixture.wychavon, for: fixture.users[key]!, in: fixture.pool)
    }

    @Test("ranks by the matcher's quality, explains it, and rules out phase, trust, conflicts, full capacity and supported homes")
    func rankingAndFilters() async throws {
        try await GroupFixture.with { fixture in
            let result = try await Self.search(fixture)
            let names = Dictionary(uniqueKeysWithValues: fixture.supporters.map { ($1, $0) })
            #expect(result.candidates.map { names[Int64($0.supporterID)]! } == ["near", "evesham", "birmingham"])
            #expect(result.severity == 4)
            // The group is not told that a specialist declared a conflict with its school; an admin is.
            #expect(result.excluded == [
                "phase_mismatch": 1, "same_trust": 1, "not_disclosed": 1, "no_free_capacity": 1, "supporter_needs_support": 1,
            ])
            let team = try await Self.search(fixture, by: "admin")
            #expect(team.excluded["conflict_of_interest"] == 1 && team.excluded["not_disclosed"] == nil)
            let qualities = result.candidates.map(\.score.quality)
            #expect(qualities == qualities.sorted(by: >))
            let places = Dictionary(uniqueKeysWithValues: GroupFixture.schools.map { ($0.0, ($0.6, $0.7)) })
            for candidate in result.candidates {
                let expected = Self.haversineKm(places[100001]!, places[candidate.homeURN!]!)
                #expect(abs(candidate.score.distanceKm - expected) < expected * 0.01, "\(candidate.name)")
                // quality = strength × severity × exp(−d / 25) × (0.5 + 0.5 × similarity): the matcher's formula.
                let quality = candidate.score.strength * 4 * exp(-candidate.score.distanceKm / 25) * (0.5 + 0.5 * candidate.score.similarity)
                #expect(abs(candidate.score.quality - quality) < 1e-9)
                #expect(candidate.explanation.count == 6 && candidate.explanation[2].contains("km away"))
            }
            #expect(result.candidates[0].freeCapacity == 2 && result.candidates[0].evidence == "evidence of near")
        }
    }

    @Test("the distance limit and the result limit cut the list")
    func limits() async throws {
        try await GroupFixture.with { fixture in
            let near = try await Self.search(fixture, maxKm: 20)
            #expect(near.candidates.count == 1 && near.candidates.allSatisfy { $0.score.distanceKm <= 20 })
            let one = try await PartnerSearch.search(
                PartnerSearchRequest(urn: 100001, areaCode: "ks2-reading", academicYear: 2025, maxDistanceKm: 50, limit: 1),
                inGroup: fixture.wychavon, for: fixture.users["admin"]!, in: fixture.pool)
            #expect(one.candidates.count == 1 && one.excluded["beyond_top_k"] == 2)
        }
    }

    @Test("who may search: the group and its members' heads for members; admins, the LA's adviser or the head for any school")
    func access() async throws {
        try await GroupFixture.with { fixture in
            for key in ["group", "head", "admin", "adviser"] { _ = try await Self.search(fixture, by: key) }
            for key in ["otherGroup", "farHead", "otherAdviser", "supporter"] {
                await #expect(throws: AccessDenied.self, "\(key)") { _ = try await Self.search(fixture, by: key) }
            }
            // Not a member: only those who see the school's private data.
            await #expect(throws: AccessDenied.self) { _ = try await Self.search(fixture, by: "group", urn: 100005) }
            _ = try await Self.search(fixture, by: "adviser", urn: 100005)
            await #expect(throws: NotFound.self) { _ = try await Self.search(fixture, by: "admin", group: 999) }
            let invalid = await #expect(throws: ValidationFailed.self) { _ = try await Self.search(fixture, by: "admin", maxKm: 0) }
            #expect(invalid?.errors.map(\.field) == ["maxKm"])
            await #expect(throws: ValidationFailed.self) { _ = try await Self.search(fixture, by: "admin", urn: 999999) }
        }
    }

    @Test("the bounding box holds every point within the distance on the National Grid")
    func boundingBox() async {
        await propertyCheck(
            count: 2_000, input: Gen.double(in: 50...58), Gen.double(in: -5.5...1.5), Gen.double(in: 1...300),
            Gen.double(in: 0...360), Gen.double(in: 0...1.1)
        ) { latitude, longitude, km, bearing, fraction in
            let box = PartnerSearch.boundingBox(latitude: latitude, longitude: longitude, km: km)
            // A point `fraction × km` away on this bearing (spherical earth); the grid decides whether it is within `km`.
            let radians = Double.pi / 180, angular = fraction * km / 6371.0, theta = bearing * radians, phi = latitude * radians
            let phi2 = asin(sin(phi) * cos(angular) + cos(phi) * sin(angular) * cos(theta))
            let lambda2 = longitude * radians + atan2(sin(theta) * sin(angular) * cos(phi), cos(angular) - sin(phi) * sin(phi2))
            let (pointLatitude, pointLongitude) = (phi2 / radians, lambda2 / radians)
            let grid = SchoolProfile.location(latitude: latitude, longitude: longitude)
                .distanceKm(to: SchoolProfile.location(latitude: pointLatitude, longitude: pointLongitude))
            if grid <= km {
                #expect(box.south <= pointLatitude && pointLatitude <= box.north && box.west <= pointLongitude && pointLongitude <= box.east,
                        "\(latitude), \(longitude), \(km) km: (\(pointLatitude), \(pointLongitude)) at \(grid) km")
            }
        }
    }
}
