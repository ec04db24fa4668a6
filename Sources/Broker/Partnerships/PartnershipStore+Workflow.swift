import Postgres

extension PartnershipStore {
    /// Moves a partnership on behalf of `user`, in one transaction: the move, its needs' statuses
    /// (`met` when accepted, active or completed; `open` again when declined, withdrawn or
    /// cancelled), the recorded transition and the audit row.
    ///
    /// Accepting checks the supporter's capacity with its row locked (`FOR UPDATE`): concurrent
    /// accepts for one supporter queue on that lock, so each counts the engagements the ones
    /// before it committed, and accepted + active needs never exceed the capacity.
    /// - Throws: ``ValidationFailed`` (missing reason or impact note, bad terms), ``NotFound``,
    ///   ``AccessDenied`` (the user may not see it, or not make this move), ``IllegalTransition``
    ///   (the workflow does not allow it from here), ``CapacityExceeded``.
    public static func transition(
        _ id: Int64, _ request: PartnershipTransitionRequest, by user: User, in pool: PostgresPool
    ) async throws -> Partnership {
        let errors = request.validationErrors()
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        return try await pool.withTransaction { connection in
            let access = try await loadAccess(to: id, on: connection, locking: true)
            guard access.maySee(user) else { throw AccessDenied("this user may not see partnership \(id)") }
            guard access.status.allowedNext.contains(request.to) else {
                throw IllegalTransition(partnershipID: id, from: access.status, to: request.to, allowed: access.allowedMoves(for: user))
            }
            guard access.mayMove(user, to: request.to) else {
                throw AccessDenied("the \(user.role.rawValue) role may not make a partnership \(request.to.rawValue)")
            }
            let before = try await read(id, on: connection)
            if request.to.usesCapacity, !access.status.usesCapacity {
                try await reserveCapacity(of: access.supporterID, for: before.needIDs.count, on: connection)
            }
            let terms = request.agreement
            try await connection.query(
                """
                UPDATE partnerships SET status = \(request.to.rawValue)::partnership_status,
                    impact_note = coalesce(\(request.impactNote), impact_note),
                    objectives = coalesce(\(terms.objectives), objectives),
                    days_committed = coalesce(\(terms.daysCommitted), days_committed),
                    review_dates = coalesce(\(terms.reviewDates)::date[], review_dates),
                    version = version + 1, updated_at = now()
                WHERE id = \(id)
                """)
            if request.to.meetsNeeds {
                try await setNeeds(of: id, to: .met, from: [.open], on: connection)
            } else if request.to.endsUnmet {
                try await setNeeds(of: id, to: .open, from: [.met], on: connection)
            }
            try await connection.query(
                """
                INSERT INTO partnership_transitions (partnership_id, from_status, to_status, actor_id, reason)
                VALUES (\(id), \(access.status.rawValue)::partnership_status, \(request.to.rawValue)::partnership_status,
                        \(user.id), \(request.reason))
                """)
            return try await audited(id, request.to.rawValue, before: before, by: user, on: connection)
        }
    }

    /// Changes the agreed terms of a live partnership (an admin, or an adviser of the school's LA),
    /// if it is still at the version `ifMatch` names.
    /// - Throws: ``ValidationFailed``, ``NotFound``, ``AccessDenied``, ``PreconditionFailed``
    ///   (changed since read), ``Conflict`` (the partnership has ended).
    public static func updateAgreement(
        _ id: Int64, _ agreement: PartnershipAgreement, ifMatch: String, by user: User, in pool: PostgresPool
    ) async throws -> Partnership {
        var errors = agreement.validationErrors()
        if agreement.isEmpty { errors.append(FieldError("body", "must change objectives, daysCommitted or reviewDates")) }
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        return try await pool.withTransaction { connection in
            let access = try await loadAccess(to: id, on: connection, locking: true)
            guard access.maySee(user) else { throw AccessDenied("this user may not see partnership \(id)") }
            guard access.mayManage(user) else { throw AccessDenied("only an admin or the school's adviser changes the terms") }
            let before = try await read(id, on: connection)
            guard PreconditionFailed.matches(ifMatch, before.entityTag) else { throw PreconditionFailed(currentTag: before.entityTag) }
            guard access.status.isLive else { throw Conflict("partnership \(id) is \(access.status.rawValue): its terms are final") }
            try await connection.query(
                """
                UPDATE partnerships SET objectives = coalesce(\(agreement.objectives), objectives),
                    days_committed = coalesce(\(agreement.daysCommitted), days_committed),
                    review_dates = coalesce(\(agreement.reviewDates)::date[], review_dates),
                    version = version + 1, updated_at = now()
                WHERE id = \(id)
                """)
            return try await audited(id, "update", before: before, by: user, on: connection)
        }
    }

    /// Reads a partnership as changed and records the change in the audit log.
    private static func audited(_ id: Int64, _ action: String, before: Partnership, by user: User, on connection: PostgresConnection)
        async throws -> Partnership
    {
        let after = try await read(id, on: connection)
        try await AuditLog.record(
            AuditEntry(actor: user, action: action, entity: "partnership", entityID: "\(id)", before: before, after: after),
            on: connection)
        return after
    }

    /// Locks the supporter's row and checks that `needs` more engagements fit in its capacity.
    private static func reserveCapacity(of supporterID: Int64, for needs: Int, on connection: PostgresConnection) async throws {
        let capacity: Int = try await connection.query(
            "SELECT capacity FROM supporters WHERE id = \(supporterID) FOR UPDATE")[0].decode("capacity")
        let inUse = try await engagements(of: supporterID, on: connection)
        guard inUse + needs <= capacity else {
            throw CapacityExceeded(supporterID: supporterID, capacity: capacity, inUse: inUse, requested: needs)
        }
    }

    /// A supporter's engagements: the needs of its accepted and active partnerships.
    static func engagements(of supporterID: Int64, on connection: PostgresConnection) async throws -> Int {
        try await connection.query(
            """
            SELECT count(*)::int AS n FROM partnership_needs pn JOIN partnerships p ON p.id = pn.partnership_id
            WHERE p.supporter_id = \(supporterID) AND p.status IN ('accepted', 'active')
            """)[0].decode("n")
    }

    private static func setNeeds(of id: Int64, to status: Need.Status, from current: [Need.Status], on connection: PostgresConnection)
        async throws
    {
        try await connection.query(
            """
            UPDATE needs SET status = \(status.rawValue)::need_status, updated_at = now()
            WHERE id IN (SELECT need_id FROM partnership_needs WHERE partnership_id = \(id))
              AND status::text = ANY (\(current.map(\.rawValue)))
            """)
    }
}
