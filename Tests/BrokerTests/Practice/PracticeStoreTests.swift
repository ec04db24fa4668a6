@testable import Broker
import Foundation
import Postgres
import Testing

@Suite("Effective-practice records")
struct PracticeStoreTests {
    @Test("draft → published → archived by an adviser in scope; each write audited; illegal moves list the allowed ones")
    func workflow() async throws {
        try await PracticeFixture.with { fixture in
            let draft = try await fixture.create(by: fixture.headTeacher)
            #expect(draft.status == .draft)
            #expect(draft.contributorName == "Abbey Primary")
            #expect(draft.district == "Wychavon")
            await #expect(throws: AccessDenied.self) {
                _ = try await PracticeStore.transition(draft.id, to: .published, by: fixture.headTeacher, in: fixture.pool)
            }
            await #expect(throws: AccessDenied.self) {
                _ = try await PracticeStore.transition(draft.id, to: .published, by: fixture.otherAdviser, in: fixture.pool)
            }
            let published = try await PracticeStore.transition(draft.id, to: .published, by: fixture.adviser, in: fixture.pool)
            #expect(published.status == .published)
            #expect(published.publishedAt != nil)
            #expect(published.version == draft.version + 1)
            let archived = try await PracticeStore.transition(draft.id, to: .archived, by: fixture.adviser, in: fixture.pool)
            do {
                _ = try await PracticeStore.transition(draft.id, to: .published, by: fixture.adviser, in: fixture.pool)
                Issue.record("an archived record was republished")
            } catch let error as IllegalPracticeTransition {
                #expect(error.from == .archived)
                #expect(error.allowed.isEmpty)
            }
            #expect(try await PracticeStore.read(draft.id, for: fixture.adviser, in: fixture.pool) == archived)
            let actions = try await fixture.pool.query(
                "SELECT action FROM audit_log WHERE entity = 'practice_record' AND entity_id = \(String(draft.id)) ORDER BY id"
            ).map { try $0.decode("action", as: String.self) }
            #expect(actions == ["create", "publish", "archive"])
        }
    }

    @Test("publishing needs a consent date; bad fields and unknown areas are refused field by field")
    func validation() async throws {
        try await PracticeFixture.with { fixture in
            let draft = try await fixture.create(PracticeFixture.content(consent: nil))
            await #expect(throws: ValidationFailed.self) {
                _ = try await PracticeStore.transition(draft.id, to: .published, by: fixture.admin, in: fixture.pool)
            }
            do {
                _ = try await fixture.create(PracticeFixture.content(title: " ", areas: ["ks2-reading", "no-such-area"], phase: "nursery"))
                Issue.record("invalid content was accepted")
            } catch let error as ValidationFailed {
                #expect(Set(error.errors.map(\.field)) == ["title", "phase"])
            }
            // 150 characters as people count them, 300 as PostgreSQL does: refused here, by field.
            let accented = String(repeating: "e\u{301}", count: 150)
            do {
                _ = try await fixture.create(PracticeFixture.content(title: accented))
                Issue.record("a title over 200 database characters was accepted")
            } catch let error as ValidationFailed {
                #expect(error.errors.map(\.field) == ["title"])
            }
            do {
                _ = try await fixture.create(PracticeFixture.content(areas: ["no-such-area"]))
                Issue.record("an unknown area was accepted")
            } catch let error as ValidationFailed {
                #expect(error.errors == [FieldError("areas", "'no-such-area' is not an area for improvement")])
            }
            await #expect(throws: ValidationFailed.self) { _ = try await fixture.create(urn: 310001, supporterID: fixture.supporterID) }
        }
    }

    @Test("who may draft, edit and see: contributors draft their own; drafts hidden from others; If-Match checked")
    func roles() async throws {
        try await PracticeFixture.with { fixture in
            await #expect(throws: AccessDenied.self) { _ = try await fixture.create(urn: 310002, by: fixture.headTeacher) }
            await #expect(throws: AccessDenied.self) { _ = try await fixture.create(urn: 310001, by: fixture.otherAdviser) }
            await #expect(throws: AccessDenied.self) { _ = try await fixture.create(urn: 310001, by: fixture.groupUser) }
            let supporterDraft = try await fixture.create(urn: nil, supporterID: fixture.supporterID, by: fixture.supporterUser)
            #expect(supporterDraft.district == "Malvern Hills")
            let draft = try await fixture.create(by: fixture.headTeacher)
            await #expect(throws: AccessDenied.self) { _ = try await PracticeStore.read(draft.id, for: fixture.supporterUser, in: fixture.pool) }
            await #expect(throws: AccessDenied.self) { _ = try await PracticeStore.read(draft.id, for: fixture.otherAdviser, in: fixture.pool) }
            _ = try await PracticeStore.read(draft.id, for: fixture.adviser, in: fixture.pool)

            var content = PracticeFixture.content(title: "Reading for pleasure, revised")
            let edited = try await PracticeStore.update(draft.id, content, ifMatch: "\"\(draft.entityTag)\"", by: fixture.headTeacher, in: fixture.pool)
            #expect(edited.title == "Reading for pleasure, revised")
            await #expect(throws: PreconditionFailed.self) {
                _ = try await PracticeStore.update(draft.id, content, ifMatch: draft.entityTag, by: fixture.headTeacher, in: fixture.pool)
            }
            let published = try await PracticeStore.transition(draft.id, to: .published, by: fixture.admin, in: fixture.pool)
            _ = try await PracticeStore.read(draft.id, for: fixture.supporterUser, in: fixture.pool)
            content.title = "Changed after publication"
            await #expect(throws: AccessDenied.self) {
                _ = try await PracticeStore.update(draft.id, content, ifMatch: published.entityTag, by: fixture.headTeacher, in: fixture.pool)
            }
            _ = try await PracticeStore.update(draft.id, content, ifMatch: published.entityTag, by: fixture.adviser, in: fixture.pool)
            await #expect(throws: NotFound.self) { _ = try await PracticeStore.read(999_999, for: fixture.admin, in: fixture.pool) }
        }
    }

    @Test("search: a title match outranks a body match; snippets mark the terms, escaped; filters by area, phase, district, date")
    func search() async throws {
        try await PracticeFixture.with { fixture in
            let inBody = try await fixture.published(PracticeFixture.content(
                title: "Whole-school approach", summary: "Staff training.", body: "We used phonics R&D <b>decodable</b> books daily."))
            let inTitle = try await fixture.published(PracticeFixture.content(
                title: "Phonics catch-up groups", summary: "Small groups.", body: "Three times a week.", areas: ["phonics"]))
            _ = try await fixture.published(PracticeFixture.content(
                title: "Maths mastery", summary: "Concrete resources.", body: "Number sense first.", areas: ["ks2-maths"],
                phase: "secondary"), urn: 310003)
            _ = try await fixture.create(PracticeFixture.content(title: "Phonics draft"))

            let hits = try await PracticeStore.search(PracticeSearch(query: "phonics"), for: fixture.supporterUser, limit: 10, in: fixture.pool)
            #expect(hits.items.map(\.id) == [inTitle.id, inBody.id], "the draft is not found; the title match ranks first")
            #expect(hits.items[0].rank! > hits.items[1].rank!)
            let snippet = try #require(hits.items[1].snippetHTML)
            #expect(snippet.contains("<mark>phonics</mark>"))
            #expect(snippet.contains("R&amp;D"), "text is escaped")
            #expect(!snippet.contains("<b>"), "tags are dropped")

            func ids(_ search: PracticeSearch) async throws -> [Int64] {
                try await PracticeStore.search(search, for: fixture.admin, limit: 10, in: fixture.pool).items.map(\.id)
            }
            #expect(try await ids(PracticeSearch(query: "phonics", area: "phonics")) == [inTitle.id])
            #expect(try await ids(PracticeSearch(phase: "secondary")).count == 1)
            let forAnyPhase = try await fixture.published(PracticeFixture.content(title: "Attendance calls", phase: "any"))
            #expect(try await ids(PracticeSearch(phase: "secondary")).count == 2, "a record for any phase serves every phase")
            #expect(try await ids(PracticeSearch(phase: "any")) == [forAnyPhase.id])
            #expect(try await ids(PracticeSearch(district: "Malvern Hills")).count == 1)
            #expect(try await ids(PracticeSearch(district: "Wychavon")) == [forAnyPhase.id, inTitle.id, inBody.id], "newest first without a query")
            #expect(try await ids(PracticeSearch(publishedSince: "2100-01-01")).isEmpty)
            var reviewed = PracticeFixture.content(title: "Lunchtime clubs")
            reviewed.reviewDate = "2026-01-31"
            let dueForReview = try await fixture.published(reviewed)
            #expect(try await ids(PracticeSearch(reviewDueBy: "2026-03-01")) == [dueForReview.id], "only a record with a review date due")
            #expect(try await ids(PracticeSearch(reviewDueBy: "2026-01-30")).isEmpty)
            await #expect(throws: ValidationFailed.self) { _ = try await ids(PracticeSearch(reviewDueBy: "31-01-2026")) }
            #expect(try await ids(PracticeSearch(query: "mastery -maths")).isEmpty)
            #expect(try await ids(PracticeSearch(status: .draft)).count == 1)
            let drafts = try await PracticeStore.search(PracticeSearch(status: .draft), for: fixture.supporterUser, limit: 10, in: fixture.pool)
            #expect(drafts.items.isEmpty, "a supporter sees no one else's drafts")
            await #expect(throws: ValidationFailed.self) { _ = try await ids(PracticeSearch(phase: "nursery")) }
        }
    }

    @Test("pages neither skip nor repeat, with and without a query")
    func paging() async throws {
        try await PracticeFixture.with { fixture in
            for index in 0..<7 {
                _ = try await fixture.published(PracticeFixture.content(
                    title: "Reading record \(index)", body: String(repeating: "reading ", count: index + 1)))
            }
            for query in [nil, "reading"] {
                var seen: [Int64] = []
                var cursor: PracticeSearch.Position?
                repeat {
                    let page = try await PracticeStore.search(
                        PracticeSearch(query: query), for: fixture.admin, limit: 3, after: cursor, in: fixture.pool)
                    seen += page.items.map(\.id)
                    cursor = try page.nextCursor.map { try PageCursor<PracticeSearch.Position>(token: $0).position }
                } while cursor != nil
                #expect(seen.count == 7)
                #expect(Set(seen).count == 7)
            }
        }
    }

    @Test("impact values come from the school's data; a completed partnership invites a record until one is made")
    func impactAndInvitations() async throws {
        try await PracticeFixture.with { fixture in
            try await fixture.pool.query(
                """
                INSERT INTO school_measures (urn, academic_year, dataset, measure, value) VALUES
                    (310001, 2023, 'ks2', 'PTREAD_EXP', 61), (310001, 2025, 'ks2', 'PTREAD_EXP', 74)
                """)
            let needID: Int64 = try await fixture.pool.query(
                "INSERT INTO needs (urn, area_code, academic_year, severity, source) VALUES (310001, 'ks2-reading', 2025, 3, 'analysis') RETURNING id"
            )[0].decode("id")
            let partnership = try await fixture.pool.withTransaction { connection in
                try await PartnershipStore.create(NewPartnership(supporterID: fixture.supporterID, needIDs: [needID]), by: fixture.admin, on: connection)
            }
            var content = PracticeFixture.content()
            content.impact = [.init(measure: "PTREAD_EXP", beforeYear: 2023, afterYear: 2025)]
            await #expect(throws: Conflict.self) { _ = try await fixture.create(content, partnershipID: partnership.id) }
            for status in [PartnershipStatus.offered, .accepted, .active, .completed] {
                _ = try await PartnershipStore.transition(
                    partnership.id, PartnershipTransitionRequest(to: status, impactNote: "reading up 13 points"), by: fixture.admin,
                    in: fixture.pool)
            }
            #expect(try await PartnershipStore.read(partnership.id, for: fixture.admin, in: fixture.pool).practiceInvited)
            let invited = try await PracticeStore.invitations(for: fixture.headTeacher, limit: 10, in: fixture.pool)
            #expect(invited.items.map(\.partnershipID) == [partnership.id])
            #expect(invited.items[0].areas == ["ks2-reading"])
            #expect(try await PracticeStore.invitations(for: fixture.otherAdviser, limit: 10, in: fixture.pool).items.isEmpty)
            await #expect(throws: AccessDenied.self) { _ = try await PracticeStore.invitations(for: fixture.groupUser, limit: 10, in: fixture.pool) }

            let record = try await fixture.create(content, partnershipID: partnership.id, by: fixture.headTeacher)
            #expect(record.impact == [.init(measure: "PTREAD_EXP", beforeYear: 2023, afterYear: 2025, before: 61, after: 74)])
            #expect(record.impact[0].change == 13)
            #expect(!record.impactWithheld)
            #expect(try await PracticeStore.invitations(for: fixture.adviser, limit: 10, in: fixture.pool).items.isEmpty)
            #expect(try await !PartnershipStore.read(partnership.id, for: fixture.admin, in: fixture.pool).practiceInvited)

            // The supporter's own record of the same partnership is about the supported school: its
            // figures stay out until that school consents.
            let supporters = try await fixture.create(
                content, urn: nil, supporterID: fixture.supporterID, partnershipID: partnership.id, by: fixture.supporterUser)
            #expect(supporters.impactWithheld)
            #expect(supporters.impact == [.init(measure: "PTREAD_EXP", beforeYear: 2023, afterYear: 2025, before: nil, after: nil)])
            var consented = content
            consented.subjectConsentDate = "2026-07-01"
            let shown = try await PracticeStore.update(
                supporters.id, consented, ifMatch: supporters.entityTag, by: fixture.supporterUser, in: fixture.pool)
            #expect(!shown.impactWithheld && shown.subjectConsentDate == "2026-07-01")
            #expect(shown.impact == record.impact)
        }
    }
}
