import Broker
import Foundation
import Postgres

/// A generated effective-practice library: schools in districts, and records whose words come
/// from their area's vocabulary (common within the area), a shared school vocabulary (common
/// everywhere) and rare words (selective).
enum PracticeLibrary {
    static let districts = 20
    static let schools = 2_000

    static let areas: [(code: String, words: [String])] = [
        ("ks2-reading", ["reading", "comprehension", "fluency", "inference", "library", "novels", "vocabulary"]),
        ("ks2-writing", ["writing", "grammar", "handwriting", "drafting", "editing", "punctuation", "composition"]),
        ("ks2-maths", ["maths", "arithmetic", "fractions", "reasoning", "multiplication", "fluency", "manipulatives"]),
        ("phonics", ["phonics", "decodable", "blending", "segmenting", "sounds", "graphemes", "early"]),
        ("early-years", ["nursery", "reception", "play", "communication", "outdoor", "early", "language"]),
        ("ks4-english", ["literature", "essays", "shakespeare", "analysis", "gcse", "revision", "poetry"]),
        ("ks4-maths", ["algebra", "geometry", "gcse", "revision", "problem", "mastery", "calculators"]),
        ("ks4-science", ["science", "practical", "experiments", "biology", "chemistry", "physics", "gcse"]),
        ("disadvantaged", ["disadvantaged", "premium", "tutoring", "gap", "attendance", "breakfast", "mentoring"]),
        ("send-inclusion", ["send", "inclusion", "senco", "adaptive", "autism", "support", "provision"]),
        ("attendance-behaviour", ["attendance", "behaviour", "exclusions", "punctuality", "rewards", "routines", "families"]),
        ("curriculum-teaching", ["curriculum", "sequencing", "retrieval", "knowledge", "coaching", "feedback", "planning"]),
        ("assessment", ["assessment", "moderation", "tracking", "data", "accuracy", "standardised", "gaps"]),
        ("leadership", ["leadership", "middle", "leaders", "monitoring", "coaching", "vision", "workload"]),
        ("governance", ["governors", "governance", "trustees", "challenge", "strategy", "minutes", "finance"]),
        ("personal-development", ["wellbeing", "character", "clubs", "oracy", "careers", "mental", "health"]),
    ]

    static let common = [
        "pupils", "teachers", "staff", "school", "class", "lessons", "weekly", "daily", "improved", "progress",
        "training", "whole", "approach", "parents", "outcomes", "impact", "year", "groups", "small", "targeted",
        "consistent", "time", "review", "programme", "sessions", "support", "observed", "shared", "model", "trust",
    ]

    /// Words a few records use: searching them is selective.
    static let rare = (0..<400).map { "zeta\(String($0, radix: 26))" }

    /// Writes the schools and `records` records (nine in ten published), then analyses the tables.
    static func generate(records: Int, random: inout DemoRandom, into pool: PostgresPool) async throws {
        try await pool.query(
            """
            INSERT INTO schools (urn, la_code, name, phase, district)
            SELECT 400000 + g, 800 + g % 10, 'School ' || g, CASE WHEN g % 3 = 0 THEN 'Secondary' ELSE 'Primary' END,
                   'District ' || g % \(districts)
            FROM generate_series(0, \(schools - 1)) g
            """)
        var generator = random
        _ = try await pool.withConnection { connection in
            try await connection.copyFrom(
                """
                COPY practice_records (title, summary, body, areas, phase, urn, consent_date, status, published_at, created_at,
                                       updated_at) FROM STDIN
                """
            ) { writer in
                let start = Date(timeIntervalSince1970: 1_600_000_000)
                for index in 0..<records {
                    let area = areas[index % areas.count]
                    let second = areas.randomElement(using: &generator)!
                    let words = { (count: Int, areaShare: Int) -> String in
                        (0..<count).map { _ in
                            let roll = generator.next() % 100
                            if roll < 2 { return rare.randomElement(using: &generator)! }
                            if roll < areaShare { return area.words.randomElement(using: &generator)! }
                            return common.randomElement(using: &generator)!
                        }.joined(separator: " ")
                    }
                    let published = generator.next() % 10 != 0
                    let at = start.addingTimeInterval(Double(index) * 1_800)
                    let stamp = ISO8601DateFormatter.string(from: at, timeZone: .gmt, formatOptions: [.withInternetDateTime])
                    try await writer.append([
                        words(6, 60).capitalized, words(20, 40) + ".", words(120, 30) + ".",
                        "{\(area.code),\(second.code)}", index % 3 == 0 ? "secondary" : "primary",
                        "\(400000 + Int(generator.next() % UInt64(schools)))", "2024-07-01", published ? "published" : "draft",
                        published ? stamp : nil, stamp, stamp,
                    ])
                }
            }
        }
        random = generator
        try await pool.query("ANALYZE")
    }

    /// A query of one or two words: an area word (common: in thousands of records), sometimes
    /// with a shared word, or a rare word (selective).
    static func query(_ random: inout DemoRandom) -> String {
        switch random.next() % 4 {
        case 0: rare.randomElement(using: &random)!
        case 1: areas.randomElement(using: &random)!.words.randomElement(using: &random)! + " "
            + common.randomElement(using: &random)!
        default: areas.randomElement(using: &random)!.words.randomElement(using: &random)!
        }
    }
}
