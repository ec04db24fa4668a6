import Analysis

/// Writes the analysis' explanations as compact JSON for `COPY` (``StoredExplanation`` reads it
/// back): the shape of their `Codable` conformances, except that evidence items are arrays.
/// `JSONEncoder` spent seconds on a national run's ~90 MB of findings; this writes straight into bytes.
struct AnalysisJSON {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(4096) }

    /// A school's explanation document (migration 0012): `{"reasons", "warnings", "areas",
    /// "strengths"}`, the last two each an array of the entries' findings, in their order.
    /// Returns the bytes and each area for improvement's findings' texts (the needs' rationales).
    static func document(_ result: SchoolAnalysis) -> (bytes: [UInt8], areaTexts: [[String]]) {
        var json = AnalysisJSON()
        var areaTexts: [[String]] = []
        json.object {
            $0.key("reasons")
            $0.reasons(result.reasons)
            $0.key("warnings")
            $0.warnings(result.warnings)
            $0.key("areas")
            $0.array(result.areasForImprovement) { json, area in
                var texts: [String] = []
                json.array(area.findings) { json, finding in texts.append(json.finding(finding)) }
                areaTexts.append(texts)
            }
            $0.key("strengths")
            $0.array(result.strengths) { json, strength in json.findings(strength.findings) }
        }
        return (json.bytes, areaTexts)
    }

    private mutating func reasons(_ reasons: [LevelReason]) {
        array(reasons) { json, reason in
            json.object {
                $0.field("level", string: reason.level.rawValue)
                $0.key("finding")
                $0.finding(reason.finding)
            }
        }
    }

    private mutating func findings(_ findings: [Finding]) {
        array(findings) { json, finding in json.finding(finding) }
    }

    private mutating func warnings(_ warnings: [DataWarning]) {
        array(warnings) { json, warning in
            json.object {
                $0.field("kind", string: warning.kind.rawValue)
                $0.field("subject", string: warning.subject)
                $0.field("academicYear", number: warning.academicYear.map(Double.init))
                $0.field("count", number: warning.count.map(Double.init))
                // No `text`: it is written from these fields when read, and would add a fifth to a run's volume.
                $0.field("code", string: warning.code)
            }
        }
    }

    /// Writes `finding`; returns its text.
    @discardableResult
    private mutating func finding(_ finding: Finding) -> String {
        let (text, evidence) = finding.textAndEvidence
        object {
            $0.field("ruleID", string: finding.ruleID)
            $0.field("subject", string: finding.subject)
            $0.field("text", string: text)
            $0.key("evidence")
            // Each item as an array, `[label, subject, academicYear, value, text]` without its
            // trailing nulls: the items are most of a run's volume, and their keys were half of it.
            $0.array(evidence) { json, item in json.evidence(item) }
        }
        return text
    }

    private mutating func evidence(_ item: Evidence) {
        let present =
            item.text != nil ? 4 : item.value != nil ? 3 : item.academicYear != nil ? 2 : item.subject != nil ? 1 : 0
        separate()
        bytes.append(UInt8(ascii: "["))
        quoted(item.label)
        if present >= 1 { element(string: item.subject) }
        if present >= 2 { element(number: item.academicYear.map(Double.init)) }
        if present >= 3 { element(number: item.value) }
        if present >= 4 { element(string: item.text) }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    private mutating func element(string: String?) {
        bytes.append(UInt8(ascii: ","))
        if let string { quoted(string) } else { bytes.append(contentsOf: "null".utf8) }
    }

    private mutating func element(number: Double?) {
        bytes.append(UInt8(ascii: ","))
        self.number(number)
    }

    // MARK: Syntax

    private var needsComma = false

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = false
    }

    private mutating func array<Element>(_ elements: [Element], _ write: (inout AnalysisJSON, Element) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        for element in elements {
            write(&self, element)
            needsComma = true
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    private mutating func object(_ write: (inout AnalysisJSON) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        write(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    private mutating func key(_ name: String) {
        separate()
        quoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A string member; absent when `nil`, as `encodeIfPresent` writes it.
    private mutating func field(_ name: String, string: String?) {
        guard let string else { return }
        key(name)
        quoted(string)
        needsComma = true
    }

    /// A number member; absent when `nil`. JSON has no NaN or infinity: those are written as null.
    private mutating func field(_ name: String, number: Double?) {
        guard let number else { return }
        key(name)
        self.number(number)
        needsComma = true
    }

    /// JSON has no NaN or infinity: those (and `nil`) are written as null.
    private mutating func number(_ number: Double?) {
        guard let number, number.isFinite else {
            bytes.append(contentsOf: "null".utf8)
            return
        }
        bytes.append(contentsOf: (number == number.rounded() && abs(number) < 1e15
            ? String(Int64(number)) : number.description).utf8)
    }

    private mutating func quoted(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        // Runs of bytes that need no escape are copied at once: this writes ~60 MB a national run.
        string.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                escape(byte)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: "\\u00".utf8)
            bytes.append(contentsOf: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }
}
