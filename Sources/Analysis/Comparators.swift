/// England and local-authority figures for the measures (the performance tables' `RECTYPE` 3, 4
/// and 5 rows), shared by every school of a run.
public struct Comparators: Hashable, Sendable {
    /// England (all state-funded schools) by measure code and academic year.
    public var england: [Key: Double]
    /// Local-authority totals by LA code, measure code and academic year.
    public var localAuthority: [Int: [Key: Double]]

    /// A measure code in an academic year.
    public struct Key: Hashable, Sendable {
        public var code: String
        public var academicYear: Int

        public init(_ code: String, _ academicYear: Int) {
            self.code = code
            self.academicYear = academicYear
        }
    }

    public init(england: [Key: Double] = [:], localAuthority: [Int: [Key: Double]] = [:]) {
        self.england = england
        self.localAuthority = localAuthority
    }
}
