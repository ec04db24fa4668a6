import Foundation

/// The demo county's supporters register, in the format ``SupporterReader`` reads: its strongest
/// schools as supporters, one Teaching School hub and a few system leaders per authority.
enum DemoSupporters {
    static let header = [
        "Reference", "Name", "Kind", "Home URN", "Designations", "Phases", "Capacity", "Available from",
        "Available to", "Status", "Latitude", "Longitude", "Specialisms", "Evidence", "Conflicts of interest",
    ]

    private static let primaryAreas = ["ks2-reading", "ks2-writing", "ks2-maths", "phonics", "early-years"]
    private static let secondaryAreas = ["ks4-english", "ks4-maths", "ks4-science", "post-16"]
    private static let wholeSchoolAreas = [
        "disadvantaged", "send-inclusion", "attendance-behaviour", "curriculum-teaching", "assessment", "leadership",
        "governance", "personal-development",
    ]

    static func write(_ model: DemoCountyModel, seed: UInt64, to url: URL) throws {
        var random = DemoRandom(seed: seed ^ 0x5_0990_27E5)
        let writer = try CSVWriter(url: url, encoding: .utf8)
        try writer.write(header)
        for authority in model.authorities {
            let schools = model.schools.filter { $0.authority.code == authority.code && $0.kind != .special }
            for school in schools where school.quality > 0.9 {
                try writer.write(schoolRow(school, in: schools, random: &random))
            }
            if let hub = schools.filter({ $0.kind.hasKS4 }).max(by: { $0.quality < $1.quality }) {
                try writer.write(row(
                    reference: "HUB-\(authority.code)", name: "\(hub.district.name) Teaching School Hub",
                    kind: "teaching_school_hub", home: hub.urn, designations: ["NLE"], phases: ["primary", "secondary"],
                    capacity: 6, location: nil,
                    specialisms: ["curriculum-teaching", "assessment", "early-years", "ks4-maths"], random: &random))
            }
            for (index, district) in authority.districts.prefix(3).enumerated() {
                let location = NationalGrid.wgs84(easting: district.easting, northing: district.northing)
                try writer.write(row(
                    reference: "SL-\(authority.code)-\(index + 1)", name: "System leader \(district.name) \(index + 1)",
                    kind: "system_leader", home: nil, designations: index == 0 ? ["NLG"] : ["NLE"],
                    phases: index == 2 ? ["secondary"] : ["primary"], capacity: 2, location: location,
                    specialisms: index == 0 ? ["governance", "leadership"] : ["leadership", "disadvantaged"],
                    random: &random))
            }
        }
        try writer.close()
    }

    private static func schoolRow(_ school: DemoSchool, in schools: [DemoSchool], random: inout DemoRandom) -> [String] {
        let phases: [String]
        switch school.kind {
        case .infantPrimary, .first: phases = ["primary"]
        case .middle: phases = ["primary", "secondary"]
        case .high, .secondary, .secondaryWithSixthForm: phases = ["secondary"]
        case .allThrough, .special: phases = ["all_through"]
        }
        let phaseAreas = (school.kind.hasKS2 || school.kind == .first ? primaryAreas : [])
            + (school.kind.hasKS4 ? secondaryAreas : [])
        var areas: [String] = []
        for _ in 0..<(2 + Int(random.unit() * 3)) {
            let pool = random.chance(0.6) && !phaseAreas.isEmpty ? phaseAreas : wholeSchoolAreas
            let area = pool[Int(random.unit() * Double(pool.count))]
            if !areas.contains(area) { areas.append(area) }
        }
        let designations = random.weighted([([String](), 3.0), (["SLE"], 4.0), (["LLE"], 2.0), (["NLE"], 1.0)])
        var fields = row(
            reference: "SUP-\(school.urn)", name: school.name, kind: "school", home: school.urn,
            designations: designations, phases: phases, capacity: 1 + Int(random.unit() * 3), location: nil,
            specialisms: areas, random: &random)
        if random.chance(0.1) { fields[9] = "proposed" }
        let neighbours = schools.filter { $0.district.code == school.district.code && $0.urn != school.urn }
        if random.chance(0.05), let neighbour = neighbours.first {
            fields[14] = "\(neighbour.urn):executive head of both schools"
        }
        return fields
    }

    private static func row(
        reference: String, name: String, kind: String, home: Int?, designations: [String], phases: [String],
        capacity: Int, location: GeoCoordinate?, specialisms: [String], random: inout DemoRandom
    ) -> [String] {
        let strengths = specialisms.map { "\($0):\(String(format: "%.2f", 0.5 + 0.5 * random.unit()))" }
        return [
            reference, name, kind, home.map(String.init) ?? "", designations.joined(separator: ";"),
            phases.joined(separator: ";"), "\(capacity)", "2024-09-01", "2027-08-31", "confirmed",
            location.map { String(format: "%.6f", $0.latitude) } ?? "",
            location.map { String(format: "%.6f", $0.longitude) } ?? "",
            strengths.joined(separator: ";"),
            "Sustained strong outcomes and a track record of school-to-school support", "",
        ]
    }
}
