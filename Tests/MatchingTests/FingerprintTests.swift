import Matching
import Testing

@Suite("Fingerprints")
struct FingerprintTests {
    @Test("SHA-256 matches known digests", arguments: [
        ([UInt8](), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ((0..<1024).map { UInt8($0 % 256) }, "785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9"),
    ])
    func sha256(input: [UInt8], digest: String) {
        #expect(Fingerprint.sha256Hex(input) == digest)
    }

    @Test("assignment hash is over little-endian Int32s, as the harness computes it")
    func assignmentHash() {
        #expect(Fingerprint.assignmentHash([3, -1, 0, 7]) == "55f7c86a7e0e1182")
    }

    @Test("edge files parse, and malformed ones are rejected")
    func parsing() throws {
        let problem = try MatchpeerFormat.parseEdges(Array("matchpeer-edges/1 2 1 2\n3\n0 0 5\n1 0 9\n".utf8))
        #expect(problem.needCount == 2 && problem.capacities == [3] && problem.edgeCount == 2)
        #expect(problem.weight(need: 1, supporter: 0) == 9)
        #expect(throws: MatchpeerFormat.FormatError.self) {
            try MatchpeerFormat.parseEdges(Array("matchpeer-edges/1 2 1 1\n3\n5 0 5\n".utf8))
        }
        let preferences = try MatchpeerFormat.parsePreferences(
            Array(#"{"need_prefs":[[0],[]],"supporter_prefs":[[0]],"capacities":[1]}"#.utf8))
        #expect(preferences.needPreferences == [[0], []] && preferences.capacities == [1])
    }
}
