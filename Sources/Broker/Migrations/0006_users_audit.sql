-- Users, API tokens, the audit log and idempotency keys (issue 6): who may call the API, what
-- they may see (role and scope), what every write changed, and the stored answers that make a
-- retried create safe.
CREATE TYPE user_role AS ENUM ('admin', 'adviser', 'headteacher', 'supporter', 'group');

CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL CHECK (name <> ''),
    email text NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    role user_role NOT NULL,
    -- Scope: an adviser's LA, a head teacher's school, a supporter's or a group's record. The
    -- supporter and group tables come with later migrations, so those ids are plain integers here.
    la_code integer CHECK (la_code BETWEEN 0 AND 999),
    urn integer REFERENCES schools (urn),
    supporter_id bigint,
    group_id bigint,
    -- bcrypt, for the web pages to come; API clients use tokens.
    password_hash text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (role <> 'adviser' OR la_code IS NOT NULL),
    CHECK (role <> 'headteacher' OR urn IS NOT NULL),
    CHECK (role <> 'supporter' OR supporter_id IS NOT NULL),
    CHECK (role <> 'group' OR group_id IS NOT NULL)
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

-- Bearer tokens: only the SHA-256 of a token is stored, so a leaked table grants nothing; the
-- prefix lets a person recognise a token in a list.
CREATE TABLE api_tokens (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id),
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    prefix text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at timestamptz
);
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);

-- Every write, written in the same transaction as the write itself.
CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- NULL for the system itself (imports, the analysis run by an operator).
    actor_id bigint REFERENCES users (id),
    action text NOT NULL CHECK (action <> ''),
    entity text NOT NULL CHECK (entity <> ''),
    entity_id text NOT NULL,
    before jsonb,
    after jsonb,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- A create retried with the same Idempotency-Key gets the first answer back; the same key with
-- a different request is refused (the fingerprint tells them apart).
CREATE TABLE idempotency_keys (
    key text NOT NULL CHECK (key <> '' AND length(key) <= 255),
    user_id bigint NOT NULL REFERENCES users (id),
    request_fingerprint text NOT NULL,
    response_status integer NOT NULL,
    response_body jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);

-- The API lists schools by name, paging by (name, urn).
CREATE INDEX schools_name_urn ON schools (name, urn);
