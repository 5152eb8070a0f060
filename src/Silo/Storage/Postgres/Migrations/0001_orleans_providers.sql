-- Schema and named queries for the three Orleans 10.4.2 ADO.NET providers we run on PostgreSQL
-- (invariant "Npgsql"): clustering (silo membership and the client gateway list), grain
-- persistence, and reminders. No NuGet package ships these, so the project carries its own.
--
-- How the providers use this file
--   * At start each provider runs "SELECT QueryKey, QueryText FROM OrleansQuery" and keeps the
--     texts by key. Clustering and reminders refuse to start when a key they declare is missing;
--     persistence needs its three keys plus DeleteStorageKey when DeleteStateOnClear = true.
--   * The texts are sent through Npgsql with named parameters (@DeploymentId, @GrainIdHash, ...).
--     Npgsql binds each parameter with a concrete type: strings as text, int as integer, long as
--     bigint, byte[] as bytea and DateTime (DbType.DateTime) as timestamptz. A query may only
--     mention parameters the provider supplies: an unknown @Name is left in the SQL and fails.
--   * Results are read by column name (case-insensitively), so every column a provider reads is
--     aliased below to the exact name it asks for.
--
-- Rules for this file
--   * Idempotent: it can run any number of times. Tables and indexes use IF NOT EXISTS,
--     functions CREATE OR REPLACE, and the query rows an upsert that only rewrites a text
--     that actually changed.
--   * Runs as one multi-statement command inside a transaction; nothing here needs to run
--     outside one, and there are no psql meta-commands.
--   * Needs PostgreSQL 15 or later (UNIQUE NULLS NOT DISTINCT on the grain-state table).
--   * Identifiers are unquoted, so PostgreSQL stores them in lower case; the providers'
--     unquoted references (e.g. FROM OrleansQuery) resolve to the same objects.


-- ============================================================================================
-- The query catalogue
-- ============================================================================================

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
);


-- ============================================================================================
-- Clustering: membership table, table version, gateway list
-- ============================================================================================
--
-- Orleans' membership protocol treats the whole table of one cluster (DeploymentId = the
-- ClusterId) as carrying a single version number. A silo reads the table with its version,
-- and any insert or update of a member row must present that version; the write succeeds only
-- if the version is still current, and then bumps it by one. The version number doubles as the
-- etag that Orleans hands back to us (as its decimal string). Heartbeats (IAmAliveTime) are
-- the exception: they touch only the silo's own row and never the version.
--
-- SiloStatus values stored in Status: 0 None, 1 Created, 2 Joining, 3 Active,
-- 4 ShuttingDown, 5 Stopping, 6 Dead.

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0,
    CONSTRAINT PK_OrleansMembershipVersionTable PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL,
    Address      varchar(45)    NOT NULL,  -- IP address text; IPv6 fits in 45 characters
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,      -- gateway port; 0 when the silo is not a gateway
    SuspectTimes varchar(8000)  NULL,      -- "silo,time|silo,time", formatted by Orleans
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,
    CONSTRAINT PK_OrleansMembershipTable PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_OrleansMembershipTable_Version FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Adds a silo's row and advances the cluster's version, or does nothing at all.
-- Returns 1 on success, 0 when the caller's version is stale, the cluster has no version row
-- yet, or the silo already has a row. The version row is locked first, so concurrent writers of
-- the same cluster queue up behind each other and every check below sees settled data; no
-- write happens until all checks have passed, so a refusal leaves nothing to undo.
CREATE OR REPLACE FUNCTION orleans_membership_add_silo(
    p_deployment_id  text,
    p_address        text,
    p_port           integer,
    p_generation     integer,
    p_silo_name      text,
    p_host_name      text,
    p_status         integer,
    p_proxy_port     integer,
    p_start_time     timestamptz,
    p_i_am_alive     timestamptz,
    p_seen_version   integer)
RETURNS integer
LANGUAGE plpgsql
AS $body$
DECLARE
    current_version integer;
BEGIN
    SELECT v.Version INTO current_version
    FROM OrleansMembershipVersionTable AS v
    WHERE v.DeploymentId = p_deployment_id
    FOR UPDATE;

    IF current_version IS NULL OR p_seen_version IS NULL OR current_version <> p_seen_version THEN
        RETURN 0;
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
         StartTime, IAmAliveTime)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
         p_proxy_port, p_start_time, p_i_am_alive)
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;

    IF NOT FOUND THEN
        RETURN 0;  -- this silo (address, port, generation) is already registered
    END IF;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1,
        Timestamp = now()
    WHERE DeploymentId = p_deployment_id;

    RETURN 1;
END
$body$;

-- Rewrites the mutable part of a silo's row (status, suspicions, last heartbeat) and advances
-- the cluster's version, or does nothing at all. Same locking and return convention as above;
-- 0 also when the silo has no row.
CREATE OR REPLACE FUNCTION orleans_membership_change_silo(
    p_deployment_id  text,
    p_address        text,
    p_port           integer,
    p_generation     integer,
    p_status         integer,
    p_suspect_times  text,
    p_i_am_alive     timestamptz,
    p_seen_version   integer)
RETURNS integer
LANGUAGE plpgsql
AS $body$
DECLARE
    current_version integer;
BEGIN
    SELECT v.Version INTO current_version
    FROM OrleansMembershipVersionTable AS v
    WHERE v.DeploymentId = p_deployment_id
    FOR UPDATE;

    IF current_version IS NULL OR p_seen_version IS NULL OR current_version <> p_seen_version THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipTable
    SET Status = p_status,
        SuspectTimes = p_suspect_times,
        IAmAliveTime = p_i_am_alive
    WHERE DeploymentId = p_deployment_id
      AND Address = p_address
      AND Port = p_port
      AND Generation = p_generation;

    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1,
        Timestamp = now()
    WHERE DeploymentId = p_deployment_id;

    RETURN 1;
END
$body$;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- Creates the cluster's version row (version 0) the first time a silo of the cluster starts.
-- In: @DeploymentId. Out: one row, one boolean column: true if this call created the row.
(
    'InsertMembershipVersionKey',
    $q$
    WITH created AS (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId)
        VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM created) AS "Inserted";
    $q$
),
-- In: @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
-- @ProxyPort, @StartTime, @IAmAliveTime, @Version (the table version the silo last read).
-- Out: one row, one column: 1 inserted (and version advanced), 0 refused.
(
    'InsertMembershipKey',
    $q$
    SELECT orleans_membership_add_silo(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS "Inserted";
    $q$
),
-- In: @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime,
-- @Version. Out: one row, one column: 1 updated (and version advanced), 0 refused.
(
    'UpdateMembershipKey',
    $q$
    SELECT orleans_membership_change_silo(
        @DeploymentId, @Address, @Port, @Generation,
        @Status, @SuspectTimes, @IAmAliveTime, @Version) AS "Updated";
    $q$
),
-- Heartbeat. Touches only the silo's own row and never the version. No result is read.
(
    'UpdateIAmAlivetimeKey',
    $q$
    UPDATE OrleansMembershipTable
    SET IAmAliveTime = @IAmAliveTime
    WHERE DeploymentId = @DeploymentId
      AND Address = @Address
      AND Port = @Port
      AND Generation = @Generation;
    $q$
),
-- One silo's row together with the cluster version. The version row drives the join so that
-- exactly one row comes back even when the silo is unknown (its columns are then NULL, which
-- the provider reads as "no entry" because StartTime is NULL).
(
    'MembershipReadRowKey',
    $q$
    SELECT
        v.DeploymentId AS "DeploymentId",
        m.Address      AS "Address",
        m.Port         AS "Port",
        m.Generation   AS "Generation",
        m.SiloName     AS "SiloName",
        m.HostName     AS "HostName",
        m.Status       AS "Status",
        m.ProxyPort    AS "ProxyPort",
        m.SuspectTimes AS "SuspectTimes",
        m.StartTime    AS "StartTime",
        m.IAmAliveTime AS "IAmAliveTime",
        v.Version      AS "Version"
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m
           ON m.DeploymentId = v.DeploymentId
          AND m.Address = @Address
          AND m.Port = @Port
          AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;
    $q$
),
-- Every silo row of the cluster, each carrying the cluster version; a single row of NULLs plus
-- the version when the cluster has no silos yet.
(
    'MembershipReadAllKey',
    $q$
    SELECT
        v.DeploymentId AS "DeploymentId",
        m.Address      AS "Address",
        m.Port         AS "Port",
        m.Generation   AS "Generation",
        m.SiloName     AS "SiloName",
        m.HostName     AS "HostName",
        m.Status       AS "Status",
        m.ProxyPort    AS "ProxyPort",
        m.SuspectTimes AS "SuspectTimes",
        m.StartTime    AS "StartTime",
        m.IAmAliveTime AS "IAmAliveTime",
        v.Version      AS "Version"
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m
           ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;
    $q$
),
-- Drops a whole cluster: its silo rows and its version row, in one statement so the foreign
-- key is satisfied when it is checked at the end of the statement.
(
    'DeleteMembershipTableEntriesKey',
    $q$
    WITH silos AS (
        DELETE FROM OrleansMembershipTable
        WHERE DeploymentId = @DeploymentId
    )
    DELETE FROM OrleansMembershipVersionTable
    WHERE DeploymentId = @DeploymentId;
    $q$
),
-- Gateways a client may connect to. The provider passes @Status = 3 (Active).
-- Out: Address, ProxyPort, Generation.
(
    'GatewaysQueryKey',
    $q$
    SELECT
        Address    AS "Address",
        ProxyPort  AS "ProxyPort",
        Generation AS "Generation"
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Status = @Status
      AND ProxyPort > 0;
    $q$
),
-- Bulk removal of long-dead silos: rows that are Dead and that neither started nor sent a
-- heartbeat since the cut-off passed as @IAmAliveTime. The 10.4.2 provider uses this only
-- when CleanupDefunctSiloEntryKey is absent; it is kept so the catalogue is complete.
(
    'CleanupDefunctSiloEntriesKey',
    $q$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Status = 6
      AND IAmAliveTime < @IAmAliveTime
      AND StartTime < @IAmAliveTime;
    $q$
),
-- Removal of one dead silo that the provider judged eligible from a table read. It passes
-- back the values it saw; the row goes only if it is still Dead and none of those values has
-- changed since, so a row that moved on in between is left alone. It deliberately leaves the
-- cluster version alone: dropping a dead row changes nothing any live silo relies on.
-- A NULL and an empty suspicion list count as equal.
(
    'CleanupDefunctSiloEntryKey',
    $q$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Address = @Address
      AND Port = @Port
      AND Generation = @Generation
      AND Status = 6
      AND StartTime = @StartTime
      AND IAmAliveTime = @IAmAliveTime
      AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '');
    $q$
)
ON CONFLICT (QueryKey) DO UPDATE
    SET QueryText = EXCLUDED.QueryText
    WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;


-- ============================================================================================
-- Grain persistence
-- ============================================================================================
--
-- One row per (service, state name, grain key). How the 10.4.2 provider fills the key columns:
--   * GrainTypeString is the *state name* the grain's storage was declared with (the name in
--     [PersistentState("name", ...)], or "state" for Grain<T>), not the grain type.
--   * GrainIdN0/GrainIdN1/GrainIdExtensionString come from the grain id's key:
--       Guid key (32 hex digits, optional "+ext"): the Guid's two 64-bit halves, ext in the
--           extension column;
--       integer key (hex digits, optional "+ext"): 0 and the number, ext in the extension column;
--       any other key: 0, 0 and the whole key text in GrainIdExtensionString.
--   * GrainIdHash and GrainTypeHash are 32-bit hashes of the key and of the state name. They
--     make lookups cheap; the other key columns are compared as well, so a hash collision can
--     never mix two grains' rows.
--   * PayloadBinary is whatever the configured IGrainStorageSerializer produced (for a JSON
--     serializer: UTF-8 JSON bytes). 10.4.2 never uses a JSON or XML column.
--   * Version is the etag: NULL from the grain means "I believe there is no row"; otherwise
--     it must equal the stored value for a change to succeed, and each change adds one.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer        NOT NULL,
    GrainIdN0              bigint         NOT NULL,
    GrainIdN1              bigint         NOT NULL,
    GrainTypeHash          integer        NOT NULL,
    GrainTypeString        varchar(512)   NOT NULL,
    GrainIdExtensionString varchar(512)   NULL,
    ServiceId              varchar(150)   NOT NULL,
    PayloadBinary          bytea          NULL,      -- NULL after a clear (when rows are kept)
    ModifiedOn             timestamptz    NOT NULL DEFAULT now(),
    Version                integer        NULL,
    -- At most one row per grain state, so two activations racing to create it cannot both
    -- win; a missing extension counts as one value rather than as "unknown".
    CONSTRAINT UQ_OrleansStorage_GrainState UNIQUE NULLS NOT DISTINCT
        (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)
);

-- The lookup path used by every storage query.
CREATE INDEX IF NOT EXISTS IX_OrleansStorage_Hashes
    ON OrleansStorage (GrainIdHash, GrainTypeHash);

-- Saves a grain's state and returns the version the grain must present next time.
--   p_seen_version NULL: create the row at version 1; if a row already exists, return NULL.
--   otherwise: replace the payload if the stored version still equals p_seen_version and
--              return the advanced version; if not, return p_seen_version unchanged.
-- The provider treats "unchanged" (including NULL in, NULL out) as a version conflict and
-- raises InconsistentStateException.
CREATE OR REPLACE FUNCTION orleans_grain_state_write(
    p_grain_id_hash   integer,
    p_grain_id_n0     bigint,
    p_grain_id_n1     bigint,
    p_grain_type_hash integer,
    p_grain_type      text,
    p_grain_id_ext    text,
    p_service_id      text,
    p_seen_version    integer,
    p_payload         bytea)
RETURNS integer
LANGUAGE plpgsql
AS $body$
DECLARE
    stored_version integer;
BEGIN
    IF p_seen_version IS NULL THEN
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
             GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
        VALUES
            (p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type,
             p_grain_id_ext, p_service_id, p_payload, now(), 1)
        ON CONFLICT DO NOTHING
        RETURNING Version INTO stored_version;

        RETURN stored_version;  -- 1, or NULL when the row already existed
    END IF;

    UPDATE OrleansStorage
    SET PayloadBinary = p_payload,
        ModifiedOn = now(),
        Version = Version + 1
    WHERE GrainIdHash = p_grain_id_hash
      AND GrainTypeHash = p_grain_type_hash
      AND ServiceId = p_service_id
      AND GrainTypeString = p_grain_type
      AND GrainIdN0 = p_grain_id_n0
      AND GrainIdN1 = p_grain_id_n1
      AND GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_ext
      AND Version = p_seen_version
    RETURNING Version INTO stored_version;

    RETURN COALESCE(stored_version, p_seen_version);
END
$body$;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- In: @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
-- @GrainIdExtensionString, @ServiceId. Out: PayloadBinary, Version; no row when the grain has
-- never been saved (or was deleted on clear).
(
    'ReadFromStorageKey',
    $q$
    SELECT
        PayloadBinary AS "PayloadBinary",
        Version       AS "Version"
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND ServiceId = @ServiceId
      AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
    $q$
),
-- In: the key parameters above plus @GrainStateVersion and @PayloadBinary.
-- Out: NewGrainStateVersion (see orleans_grain_state_write).
(
    'WriteToStorageKey',
    $q$
    SELECT orleans_grain_state_write(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)
        AS "NewGrainStateVersion";
    $q$
),
-- Clear with DeleteStateOnClear = false: keep the row, drop the payload, advance the version.
-- In: the key parameters plus @GrainStateVersion. Out: the new version in the first column,
-- or no row when the version did not match (the provider then reports a conflict).
(
    'ClearStorageKey',
    $q$
    UPDATE OrleansStorage
    SET PayloadBinary = NULL,
        ModifiedOn = now(),
        Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND ServiceId = @ServiceId
      AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version AS "NewGrainStateVersion";
    $q$
),
-- Clear with DeleteStateOnClear = true: physically remove the row. In: as ClearStorageKey.
-- Out: one past the deleted row's version in the first column (any value that differs from
-- the grain's etag means success; the provider then forgets the etag), or no row when the
-- version did not match.
(
    'DeleteStorageKey',
    $q$
    DELETE FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND ServiceId = @ServiceId
      AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version + 1 AS "NewGrainStateVersion";
    $q$
)
ON CONFLICT (QueryKey) DO UPDATE
    SET QueryText = EXCLUDED.QueryText
    WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;


-- ============================================================================================
-- Reminders
-- ============================================================================================
--
-- GrainId holds the full grain id as text, "<grain type>/<key>" (e.g. "user/alice"); it is
-- parsed back by the provider. GrainHash is the grain id's uniform hash as a signed 32-bit
-- value; silos own ranges of that hash ring. Period is in milliseconds. Version is the etag
-- of one reminder row: 0 on creation, +1 on every upsert.

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150)   NOT NULL,
    GrainId      varchar(512)   NOT NULL,
    ReminderName varchar(150)   NOT NULL,
    StartTime    timestamptz(3) NOT NULL,
    Period       bigint         NOT NULL,
    GrainHash    integer        NOT NULL,
    Version      integer        NOT NULL,
    CONSTRAINT PK_OrleansRemindersTable PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Range reads by the silo that owns a slice of the hash ring.
CREATE INDEX IF NOT EXISTS IX_OrleansRemindersTable_Hash
    ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- Creates or replaces one reminder. No etag check: the reminder service always wins.
-- In: @ServiceId, @GrainId, @ReminderName, @StartTime, @Period (integer, or bigint when the
-- period exceeds ~24.8 days), @GrainHash. Out: Version, the row's new etag.
(
    'UpsertReminderRowKey',
    $q$
    INSERT INTO OrleansRemindersTable
        (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES
        (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
        SET StartTime = EXCLUDED.StartTime,
            Period = EXCLUDED.Period,
            GrainHash = EXCLUDED.GrainHash,
            Version = OrleansRemindersTable.Version + 1
    RETURNING Version AS "Version";
    $q$
),
-- All reminders of one grain. In: @ServiceId, @GrainId.
-- Out: GrainId, ReminderName, StartTime, Period, Version (the same columns for all reads).
(
    'ReadReminderRowsKey',
    $q$
    SELECT
        GrainId      AS "GrainId",
        ReminderName AS "ReminderName",
        StartTime    AS "StartTime",
        Period       AS "Period",
        Version      AS "Version"
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId;
    $q$
),
-- One reminder. In: @ServiceId, @GrainId, @ReminderName. Out: zero or one row.
(
    'ReadReminderRowKey',
    $q$
    SELECT
        GrainId      AS "GrainId",
        ReminderName AS "ReminderName",
        StartTime    AS "StartTime",
        Period       AS "Period",
        Version      AS "Version"
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId
      AND ReminderName = @ReminderName;
    $q$
),
-- Ring range (@BeginHash, @EndHash], both as signed 32-bit values. The provider picks this
-- text when BeginHash < EndHash in signed order, i.e. the range does not wrap around.
(
    'ReadRangeRows1Key',
    $q$
    SELECT
        GrainId      AS "GrainId",
        ReminderName AS "ReminderName",
        StartTime    AS "StartTime",
        Period       AS "Period",
        Version      AS "Version"
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainHash > @BeginHash
      AND GrainHash <= @EndHash;
    $q$
),
-- The wrapping case (and the full ring when both ends are equal): everything above the begin
-- hash plus everything up to and including the end hash.
(
    'ReadRangeRows2Key',
    $q$
    SELECT
        GrainId      AS "GrainId",
        ReminderName AS "ReminderName",
        StartTime    AS "StartTime",
        Period       AS "Period",
        Version      AS "Version"
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
    $q$
),
-- Removes one reminder if its etag still matches.
-- In: @ServiceId, @GrainId, @ReminderName, @Version. Out: one boolean column, true if removed.
(
    'DeleteReminderRowKey',
    $q$
    WITH removed AS (
        DELETE FROM OrleansRemindersTable
        WHERE ServiceId = @ServiceId
          AND GrainId = @GrainId
          AND ReminderName = @ReminderName
          AND Version = @Version
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM removed) AS "Deleted";
    $q$
),
-- Removes every reminder of the service (used by tests and tooling). In: @ServiceId.
(
    'DeleteReminderRowsKey',
    $q$
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId;
    $q$
)
ON CONFLICT (QueryKey) DO UPDATE
    SET QueryText = EXCLUDED.QueryText
    WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
