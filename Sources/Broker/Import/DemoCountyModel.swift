import Foundation

/// The kind of school the demo county generates, with its statutory ages.
enum DemoSchoolKind: CaseIterable {
    case infantPrimary, first, middle, high, secondary, secondaryWithSixthForm, allThrough, special

    var ages: (low: Int, high: Int) {
        switch self {
        case .infantPrimary: (4, 11)
        case .first: (4, 9)
        case .middle: (9, 13)
        case .high: (13, 18)
        case .secondary: (11, 16)
        case .secondaryWithSixthForm: (11, 18)
        case .allThrough: (4, 18)
        case .special: (3, 19)
        }
    }

    /// GIAS phase code and name.
    var phase: (code: Int, name: String) {
        switch self {
        case .infantPrimary, .first: (2, "Primary")
        case .middle: (5, "Middle deemed secondary")
        case .high, .secondary, .secondaryWithSixthForm: (4, "Secondary")
        case .allThrough: (7, "All-through")
        case .special: (0, "Not applicable")
        }
    }

    /// Pupils on roll: typical mean and spread.
    var roll: (mean: Double, sd: Double, min: Int) {
        switch self {
        case .infantPrimary: (240, 110, 35)
        case .first: (170, 70, 30)
        case .middle: (420, 120, 150)
        case .high: (1_050, 300, 400)
        case .secondary: (900, 250, 350)
        case .secondaryWithSixthForm: (1_250, 300, 500)
        case .allThrough: (1_500, 300, 700)
        case .special: (110, 40, 30)
        }
    }

    /// Whether its pupils sit KS2 tests (ages 10–11 on roll) or KS4 exams (ages 15–16).
    var hasKS2: Bool { ages.low <= 10 && ages.high >= 11 }
    var hasKS4: Bool { ages.low <= 15 && ages.high >= 16 }

    /// Year groups on roll (for cohort sizes).
    var yearGroups: Int { max(1, ages.high - ages.low) }
}

/// A local authority of the demo data set.
struct DemoAuthority {
    let code: Int
    let name: String
    let postcodeArea: String
    let districts: [DemoDistrict]
    let trusts: [(code: Int, name: String)]
}

/// A district: a town with a centre, a deprivation level and a school organisation.
struct DemoDistrict {
    let code: String
    let name: String
    let easting: Double
    let northing: Double
    /// Mean free-school-meals percentage.
    let deprivation: Double
    /// First/middle/high schools instead of primary/secondary.
    let threeTier: Bool
    let urban: Bool
}

/// One generated school with the latent quality that drives its outcomes.
struct DemoSchool {
    let urn: Int
    let ukprn: Int
    let authority: DemoAuthority
    let district: DemoDistrict
    let establishmentNumber: Int
    let name: String
    let kind: DemoSchoolKind
    let type: (code: Int, name: String, groupCode: Int, groupName: String)
    let religiousCharacter: String
    let trust: (code: Int, name: String)?
    let pupils: Int
    let fsmPercent: Double
    let easting: Int
    let northing: Int
    let postcode: String
    let openDate: CalendarDay
    /// Latent effectiveness, standard normal: drives results and inspections.
    let quality: Double
    let head: (title: String, first: String, last: String)
}

/// Builds the fictional authorities and schools from a seed.
struct DemoCountyModel {
    let authorities: [DemoAuthority]
    let schools: [DemoSchool]

    private static let towns = [
        "Ashbury", "Brackenford", "Coldmere", "Dunstow", "Elmbridge Vale", "Fernleigh", "Greywick",
        "Hollowell", "Ivybank", "Kingsmoor", "Larkhampton", "Millbrook", "Northcote", "Oakhurst",
        "Pennington", "Queensford", "Redwater", "Saltash Green", "Thornbury Cross", "Upton Magna",
        "Wickham Dale", "Yarrowby",
    ]
    private static let saints = ["Mary", "Peter", "John", "Andrew", "Michael", "Anne", "Joseph", "Bartholomew"]
    private static let firstNames = ["Alex", "Sam", "Priya", "Tom", "Aisha", "Gareth", "Helen", "Chloé", "Ravi",
                                     "Siobhán", "Mark", "Zoë", "Imran", "Rachel", "Owen", "Bethan"]
    private static let lastNames = ["Smith", "Patel", "O’Brien", "Jones", "Khan", "Williams", "Brown", "Taylor",
                                    "Evans", "Ahmed", "Wilson", "Davies", "Clarke", "Hughes", "Nowak"]
    private static let trustWords = ["Learning", "Education", "Academies", "Schools"]

    init(schools count: Int, seed: UInt64) {
        var random = DemoRandom(seed: seed)
        let authorityCount = count <= 1_000 ? 1 : (count + 149) / 150
        var authorities: [DemoAuthority] = []
        for index in 0..<authorityCount {
            authorities.append(Self.authority(index, of: authorityCount, random: &random))
        }
        var schools: [DemoSchool] = []
        schools.reserveCapacity(count)
        var numberInAuthority = [Int: Int]()
        for index in 0..<count {
            let authority = authorities[index % authorityCount]
            let serial = numberInAuthority[authority.code, default: 0]
            numberInAuthority[authority.code] = serial + 1
            schools.append(Self.school(index, serial: serial, in: authority, random: &random))
        }
        self.authorities = authorities
        self.schools = schools
    }

    private static func authority(_ index: Int, of count: Int, random: inout DemoRandom) -> DemoAuthority {
        let code = count == 1 ? 960 : 600 + index
        let name = count == 1 ? "Demoshire" : "Demo Authority \(index + 1)"
        let letters = Array("ABCDEFGHJKLMNOPRSTUWY")
        let area = count == 1 ? "DM" : "Q\(letters[index % letters.count])\(index / letters.count)"
        // Spread authorities over a grid across England's National Grid extent.
        let columns = Int(Double(count).squareRoot().rounded(.up))
        let centreE = 360_000 + Double(index % columns) * 200_000 / Double(max(columns, 1))
        let centreN = 160_000 + Double(index / columns) * 300_000 / Double(max(columns, 1))
        let districts = (0..<6).map { district -> DemoDistrict in
            DemoDistrict(
                code: "E0700\(String(format: "%04d", index * 6 + district))",
                name: towns[(index * 6 + district) % towns.count] + (count == 1 ? "" : " \(index + 1)"),
                easting: centreE + random.normal(sd: 12_000), northing: centreN + random.normal(sd: 12_000),
                deprivation: min(40, max(6, random.normal(mean: 18, sd: 7))),
                threeTier: district < 2, urban: district % 3 != 2)
        }
        let trusts = (0..<12).map { trust in
            (code: 10_000 + index * 100 + trust,
             name: "\(towns[(index + trust * 5) % towns.count]) \(trustWords[trust % trustWords.count]) Trust")
        }
        return DemoAuthority(code: code, name: name, postcodeArea: area, districts: districts, trusts: trusts)
    }

    private static func school(_ index: Int, serial: Int, in authority: DemoAuthority,
                               random: inout DemoRandom) -> DemoSchool {
        let district = authority.districts[Int(random.unit() * Double(authority.districts.count))]
        let kind: DemoSchoolKind = district.threeTier
            ? random.weighted([(.first, 58), (.middle, 20), (.high, 9), (.special, 4), (.allThrough, 1)])
            : random.weighted([(.infantPrimary, 80), (.secondary, 6), (.secondaryWithSixthForm, 8),
                               (.special, 4), (.allThrough, 1)])
        let academyShare = kind.ages.low >= 9 ? 0.8 : 0.45
        let academy = kind != .special && random.chance(academyShare)
        let faith = kind.ages.low < 9 && random.chance(0.3)
        let religious = faith ? random.weighted([("Church of England", 3.0), ("Roman Catholic", 1.0)]) : "Does not apply"
        let type: (code: Int, name: String, groupCode: Int, groupName: String)
        switch (academy, kind, faith) {
        case (_, .special, _): type = (7, "Community special school", 5, "Special schools")
        case (true, _, _) where random.chance(0.2): type = (28, "Academy sponsor led", 10, "Academies")
        case (true, _, _): type = (34, "Academy converter", 10, "Academies")
        case (false, _, true): type = random.chance(0.5) ? (3, "Voluntary controlled school", 4, "Local authority maintained schools")
            : (2, "Voluntary aided school", 4, "Local authority maintained schools")
        case (false, _, false): type = (1, "Community school", 4, "Local authority maintained schools")
        }
        let roll = kind.roll
        let pupils = max(roll.min, Int(random.normal(mean: roll.mean, sd: roll.sd)))
        let fsm = min(70, max(2, random.normal(mean: district.deprivation, sd: 7)))
        let quality = random.normal(mean: -0.03 * (fsm - 18), sd: 0.9)
        let town = district.name
        let suffix: String
        switch kind {
        case .infantPrimary: suffix = "Primary School"
        case .first: suffix = "First School"
        case .middle: suffix = "Middle School"
        case .high: suffix = "High School"
        case .secondary, .secondaryWithSixthForm: suffix = academy ? "Academy" : "School"
        case .allThrough: suffix = "All-Through School"
        case .special: suffix = "Special School"
        }
        let saint = saints[Int(random.unit() * Double(saints.count))]
        let name = faith
            ? "St \(saint)’s \(religious == "Roman Catholic" ? "Catholic" : "CofE") \(suffix), \(town)"
            : "\(town) \(["North", "South", "East", "West", "Park", "Meadow", "Brook", "Hill"][serial % 8]) \(suffix)"
        let first = firstNames[Int(random.unit() * Double(firstNames.count))]
        let last = lastNames[Int(random.unit() * Double(lastNames.count))]
        let trust = academy ? authority.trusts[Int(random.unit() * Double(authority.trusts.count))] : nil
        let districtNumber = (authority.districts.firstIndex { $0.code == district.code } ?? 0) + 1
        let letters = Array("ABDEFGHJLNPQRSTUWXYZ")
        let postcode = "\(authority.postcodeArea)\(districtNumber) \(Int(random.unit() * 9) + 1)"
            + "\(letters[Int(random.unit() * 20)])\(letters[Int(random.unit() * 20)])"
        let openYear = academy ? 2011 + Int(random.unit() * 14) : 1950 + Int(random.unit() * 50)
        let estabBase = kind.ages.low >= 11 || kind == .high ? 4000 : kind == .special ? 7000 : 2000
        return DemoSchool(
            urn: DemoCounty.firstURN + index, ukprn: 10_100_000 + index, authority: authority, district: district,
            establishmentNumber: estabBase + serial,
            name: name, kind: kind, type: type, religiousCharacter: religious, trust: trust, pupils: pupils,
            fsmPercent: (fsm * 10).rounded() / 10,
            easting: Int(district.easting + random.normal(sd: 3_000)),
            northing: Int(district.northing + random.normal(sd: 3_000)),
            postcode: postcode, openDate: CalendarDay(year: openYear, month: 9, day: 1)!, quality: quality,
            head: (["Mr", "Mrs", "Ms", "Dr", "Miss"][Int(random.unit() * 5)], first, last))
    }
}
