import ArgumentParser
import Broker
import Foundation

/// `schoolbroker demo-data --schools 250 --seed 1 --out DIR`: writes a fictional county in the
/// official file formats, ready for `schoolbroker import`.
struct DemoDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-data",
        abstract: "Write a fictional county's data files (GIAS, KS2/KS4 tables, Ofsted MI, coordinates, supporters)."
    )

    @Option(help: "How many schools (250 for a county, 22000 for England).")
    var schools = 250

    @Option(help: "The random seed; the same seed writes the same files.")
    var seed: UInt64 = 1

    @Option(help: "The folder to write into (created if needed).")
    var out: String

    func validate() throws {
        guard schools > 0 else { throw ValidationError("--schools must be at least 1.") }
    }

    func run() throws {
        let files = try DemoCounty.write(schools: schools, seed: seed, to: URL(fileURLWithPath: out))
        print("Wrote \(files.schools) schools to \(out):")
        print("  gias         \(files.gias.path)")
        for year in DemoCounty.academicYears {
            print("  ks2 --year \(year)  \(files.ks2[year]!.path)")
            print("  ks4 --year \(year)  \(files.ks4[year]!.path)")
        }
        print("  ofsted       \(files.ofsted.path)")
        print("  coordinates  \(files.coordinates.path)")
        print("  supporters   \(files.supporters.path)")
    }
}
