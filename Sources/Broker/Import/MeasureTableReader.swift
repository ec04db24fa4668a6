import Foundation

/// Whom a row of a published table is about.
public enum ReportingLevel: String, Hashable, Sendable {
    /// One school (`RECTYPE` 1 mainstream, 2 special; or any row with a URN).
    case school
    /// A local authority total (`RECTYPE` 3 in KS2, 4 in older KS4 files).
    case localAuthority = "local-authority"
    /// An England total (`RECTYPE` 4/5 in KS2, 5/7 in older KS4 files, `NAT` rows elsewhere).
    case england
}

/// One published figure of a row, in tidy form.
public struct PublishedMeasure: Hashable, Sendable {
    /// The measure code (see ``MeasureCatalog``).
    public var code: String
    /// The number or suppression code.
    public var value: MeasureValue
    /// The 95% confidence limits, where published.
    public var lower: MeasureValue?
    public var upper: MeasureValue?
    /// The number of pupils the figure is about, where published.
    public var cohort: MeasureValue?

    /// Creates a figure.
    public init(code: String, value: MeasureValue, lower: MeasureValue? = nil,
                upper: MeasureValue? = nil, cohort: MeasureValue? = nil) {
        self.code = code
        self.value = value
        self.lower = lower
        self.upper = upper
        self.cohort = cohort
    }
}

/// One row of a performance table (or census, absence table), with its figures in tidy form:
/// one ``PublishedMeasure`` per catalogue measure the row has a value or suppression code for.
public struct MeasureTableRow: Hashable, Sendable {
    /// The line in the file (for reject reports).
    public var line: Int
    /// The catalogue's data set (`ks2`, `ks4`, `census`, `absence`).
    public var dataset: String
    /// The academic year the table is for, as the year in which it ends.
    public var academicYear: Int
    /// Whom the row is about: from the row's content (URN, LA code, `NAT`), since `RECTYPE` codes differ between key stages and years.
    public var level: ReportingLevel
    /// `RECTYPE` as published, where the table has it.
    public var recordType: Int?
    /// The school (school rows), its LA and establishment number, and its name.
    public var urn: Int?
    public var laCode: Int?
    public var establishmentNumber: Int?
    public var schoolName: String?
    /// For `NAT` rows, the group they total (`PRI`, `SEC`, `SPE`).
    public var nationalGroup: String?
    /// The row's figures; empty fields are left out (missing is not zero).
    public var measures: [PublishedMeasure]
}

/// Reads DfE tables with one row per school (KS2, KS4, census, absence) into tidy measures,
/// by header name, keeping suppression codes.
public enum MeasureTableReader {
    /// Opens a table for streaming. Performance tables are UTF-8 with a BOM; any encoding
    /// ``ImportTextEncoding`` accepts is read.
    public static func open(_ url: URL, catalog: MeasureCatalog, academicYear: Int,
                            encoding: ImportTextEncoding = .automatic) throws -> ImportReader<MeasureTableRow> {
        try reader(CSVReader(contentsOf: url, encoding: encoding), catalog: catalog, academicYear: academicYear)
    }

    /// Reads a table from `csv`.
    /// - Throws: ``ImportError`` if `URN` or `LEA`/`LA` is missing, or if the file has none of
    ///   the catalogue's measure columns (the wrong kind of file).
    public static func reader(_ csv: CSVReader, catalog: MeasureCatalog,
                              academicYear: Int) throws -> ImportReader<MeasureTableRow> {
        try ImportReader(csv: csv) { c in
            let urn = c.required("URN")
            let la = c.required("LEA", "LA")
            let recordType = c.optional("RECTYPE")
            let estab = c.optional("ESTAB")
            let name = c.optional("SCHNAME")
            let bound = catalog.measures.compactMap { definition -> BoundMeasure? in
                guard let column = c.optional(anyOf: [definition.code] + definition.alternativeColumns)
                else { return nil }
                return BoundMeasure(code: definition.code, value: column,
                                    lower: definition.lowerColumn.flatMap { c.optional($0) },
                                    upper: definition.upperColumn.flatMap { c.optional($0) },
                                    cohort: definition.cohortColumn.flatMap { c.optional($0) })
            }
            guard !bound.isEmpty else {
                throw ImportError(file: csv.name, line: 1, reason: "none of the \(catalog.dataset) measure "
                                  + "columns is present (\(catalog.measures.map(\.code).joined(separator: ", ")))")
            }
            return { row in
                let urnText = row.text(urn)
                let laText = row.text(la)
                let national = urnText == "NAT" || laText == "NAT"
                let urnValue = national ? nil : try row.integer(urn)
                let laValue = national ? nil : try row.integer(la)
                let level: ReportingLevel = national ? .england
                    : urnValue != nil ? .school : laValue != nil ? .localAuthority : .england
                return MeasureTableRow(
                    line: row.line, dataset: catalog.dataset, academicYear: academicYear, level: level,
                    recordType: try row.integer(recordType), urn: urnValue, laCode: laValue,
                    establishmentNumber: national ? nil : try row.integer(estab),
                    schoolName: row.text(name), nationalGroup: national ? row.text(estab) : nil,
                    measures: try bound.compactMap { try $0.read(row) })
            }
        }
    }

    /// A catalogue measure resolved against a header.
    private struct BoundMeasure {
        let code: String
        let value: ImportColumn
        let lower: ImportColumn?
        let upper: ImportColumn?
        let cohort: ImportColumn?

        func read(_ row: ImportRow) throws -> PublishedMeasure? {
            guard let measured = try row.measure(value) else { return nil }
            return PublishedMeasure(code: code, value: measured, lower: try row.measure(lower),
                                    upper: try row.measure(upper), cohort: try row.measure(cohort))
        }
    }
}
