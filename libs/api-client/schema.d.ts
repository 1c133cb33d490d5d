/**
 * Generated from openapi.json by scripts/openapi.mjs (openapi-typescript). Do not edit:
 * change the controllers or DTOs and run `npm run openapi:generate`.
 */

export interface paths {
    "/api/v1/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Lists administrative changes, newest first, filtered by actor, entity, action and time. */
        get: operations["AuditEvents_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Signs in with email and password. Failed attempts lock out the account and the client address for a growing time. */
        post: operations["Auth_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Revokes the given refresh token and every token rotated from the same login. */
        post: operations["Auth_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The signed-in account (for an API key: the OEM it belongs to). */
        get: operations["Auth_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Changes the caller's own password and ends every other session of the account: access tokens
         *     issued before stop working, every refresh token is revoked. Answers a fresh token pair for this
         *     session. Needs a bearer token (an API key answers 403 `AUTH_SESSION_REQUIRED`).
         */
        post: operations["Auth_changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Exchanges a refresh token for a new token pair; the old refresh token stops working. */
        post: operations["Auth_refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/closing-reasons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Every closing reason, retired ones included (`isActive: false`), active first. */
        get: operations["ClosingReasons_list"];
        put?: never;
        /** @description Adds a closing reason. */
        post: operations["ClosingReasons_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/closing-reasons/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** @description Relabels a reason, changes the statuses it applies to, or retires it (`isActive: false`). */
        patch: operations["ClosingReasons_update"];
        trace?: never;
    };
    "/api/v1/closure-packs/signing-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description An Ed25519 public key (SPKI PEM) that checks a pack's `manifest.sig` against its
         *     `manifest.json`, e.g. with `openssl pkeyutl -verify`: the one manifest.json's `keyId` names
         *     (`?keyId=`), or, without it, the current key, which signs new packs.
         */
        get: operations["ClosurePackVerification_signingKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/closure-packs/signing-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Every public key this server signed packs with, the current one first, each with its key id
         *     (what manifest.json's `keyId` names) and as SPKI PEM: a pack signed before a key rotation
         *     verifies with a previous key.
         */
        get: operations["ClosurePackVerification_signingKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/closure-packs/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Whether this server issued a closure pack, by the SHA-256 of its ZIP or of its manifest.json
         *     (`sha256`), or by the pack id in its footer (`packId`): `{ issued: false }` when not.
         */
        get: operations["ClosurePackVerification_verify"];
        put?: never;
        /**
         * @description Checks a pack's signature: its manifest.json and manifest.sig (base64) against every key this
         *     server signed packs with, current or previous. Answers `signatureValid` and the `keyId` that
         *     verified it (null when none did), and whether this server issued that manifest (as `GET`).
         */
        post: operations["ClosurePackVerification_verifySignature"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description The first combined check, kept for existing callers (probes should use `live` and `ready`):
         *     200 when the database answers, 503 otherwise. `details.notifications`
         *     says whether SMTP is configured and how many staff e-mails this process skipped without it
         *     (always up: a missing SMTP server does not stop the service).
         */
        get: operations["Health_check"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Liveness (issue #18 item 5): 200 while the process's event loop answers; no dependency is
         *     checked, so a database outage does not make an orchestrator restart every replica.
         */
        get: operations["Health_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Readiness (issue #18 item 5): 200 when the database answers a ping (3 s timeout) and the file
         *     storage can be read and written ({@link FileStorage.probe}); 503 problem+json naming the
         *     indicator that is down otherwise, so a load balancer stops sending this replica traffic.
         */
        get: operations["Health_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/installations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Installations by scheduled date and slot (earliest first); a field technician sees its teams' jobs only. */
        get: operations["Installations_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/installations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description One installation with its lead contact, assignments, report, closure pack and allowed actions; the `ETag` header carries its version. */
        get: operations["Installations_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** @description Records (or withdraws) the customer's pre-installation confirmation, until the installation is confirmed. */
        patch: operations["Installations_update"];
        trace?: never;
    };
    "/api/v1/installations/{id}/assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Makes a team the primary (it takes over the booking) or the backup, until the work starts. */
        post: operations["Installations_assign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/installations/{id}/assignments/{assignmentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** @description A team member accepts or declines its assignment (a declining primary hands over to the backup); Central Ops cancels one. */
        patch: operations["Installations_updateAssignment"];
        trace?: never;
    };
    "/api/v1/installations/{id}/closure-pack": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Builds the closure pack of a successfully reported installation (summary.pdf, manifest.json,
         *     the lead documents, survey and installation media, the signature) and, in the same use case,
         *     closes the installation and the lead.
         */
        post: operations["ClosurePacks_generate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/installations/{id}/closure-pack/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description The closure pack ZIP, for the owning OEM, admin and Central Ops; one byte range with `Range`, 304
         *     with a matching `If-None-Match`. The OEM's first GET answered 200 or 206 sets the pack's `sharedAt`.
         */
        get: operations["ClosurePacks_content"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/installations/{id}/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The installation's photos and videos with their file metadata, oldest first. */
        get: operations["InstallationMedia_list"];
        put?: never;
        /** @description A member of the primary team uploads a photo or video of the installation (multipart/form-data: `file`, optional `caption`). */
        post: operations["InstallationMedia_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/installations/{id}/media/{mediaId}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The photo or video, streamed; one byte range with `Range`, 304 with a matching `If-None-Match`. */
        get: operations["InstallationMedia_content"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/installations/{id}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * @description A member of the primary team reports a completed installation (multipart/form-data: the
         *     report's fields and the customer's `signature`). Successful: → `report_submitted`, the lead →
         *     `installation_completed`. Unsuccessful: the issues go on the timeline and Central Ops reschedules.
         */
        put: operations["Installations_submitReport"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/installations/{id}/report/signature": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description The customer's signature of the installation's report (PNG or JPEG as stored), for staff
         *     reviewing the report and the installation's technicians; downloads as the job media do.
         */
        get: operations["Installations_signature"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/installations/{id}/reschedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description A new date and slot (the booking moves with it); the customer must confirm again. */
        post: operations["Installations_reschedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/installations/{id}/transitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Moves the installation along DESIGN §5: Central Ops to `material_pending`, `material_ready`,
         *     `confirmed` (materials ready, customer confirmed, primary accepted) or `cancelled` (with a
         *     reason); a member of the primary team to `in_progress` and `completed`.
         */
        post: operations["Installations_transition"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lead-imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Imports, newest first; an OEM sees its own. */
        get: operations["LeadImports_list"];
        put?: never;
        /** @description Uploads a CSV of leads; the file is checked at once, the rows are imported in the background (poll `GET /lead-imports/{id}`). */
        post: operations["LeadImports_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lead-imports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description An import's status, counters and its first row errors (at most 1,000, within 64 KiB). */
        get: operations["LeadImports_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lead-sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Every source for staff; an OEM sees its own and the shared ones. */
        get: operations["LeadSources_list"];
        put?: never;
        /** @description Creates a lead source, shared or owned by one OEM. */
        post: operations["LeadSources_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lead-sources/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** @description Renames a source, changes its type, or attaches it to (or detaches it from) an OEM. */
        patch: operations["LeadSources_update"];
        trace?: never;
    };
    "/api/v1/leads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Lists leads newest first with the DESIGN §6 filters and keyset pagination. */
        get: operations["Leads_list"];
        put?: never;
        /**
         * @description Creates a lead. An OEM creates for itself; Central Ops names `oemId`. Re-sending the same
         *     payload with the same `externalRef` answers 200 with the existing lead.
         */
        post: operations["Leads_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leads/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description The leads matching the list filters as CSV (RFC 4180, header row, UTF-8), streamed; an attachment `leads-<date>.csv`.
         *     With `bom=true` the file starts with a UTF-8 BOM, for Excel on Windows.
         */
        get: operations["LeadExport_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leads/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description One lead; the `ETag` header carries its version. */
        get: operations["Leads_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** @description Corrects lead details or reassigns it; honours `If-Match`. */
        patch: operations["Leads_update"];
        trace?: never;
    };
    "/api/v1/leads/{id}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The lead's documents with their file metadata, oldest first. */
        get: operations["Documents_list"];
        put?: never;
        /**
         * @description Uploads a customer document to a lead (multipart/form-data: `file`, `documentType`, optional
         *     `notes`). When the lead is in documents_pending and now has an electricity bill and a location
         *     photo, it moves to documents_received.
         */
        post: operations["Documents_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leads/{id}/documents/{documentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** @description Deletes a document; the timeline keeps a `document_deleted` record of it. */
        delete: operations["Documents_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leads/{id}/documents/{documentId}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The document's bytes, streamed; one byte range with `Range`, 304 with a matching `If-None-Match`. */
        get: operations["Documents_content"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leads/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The lead's timeline, oldest first. */
        get: operations["Leads_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leads/{id}/surveys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Schedules a site survey for a lead in `documents_received`: books the primary team's slot and
         *     moves the lead to `survey_scheduled`.
         */
        post: operations["LeadSurveys_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leads/{id}/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** @description Replaces the lead's tags (Central Ops); answers the lead. */
        put: operations["LeadTags_replace"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leads/{id}/transitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Requests a manual status change (DESIGN §5); `reason` is required for on_hold and cancelled. */
        post: operations["Leads_transition"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/oems": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description The active OEM accounts by name, for staff choosing the OEM of a lead (`POST /leads` takes
         *     `oemId` from Central Ops; `GET /leads?oemId=` filters by it). Only ids and names: the rest of
         *     a user stays behind the admin-only `GET /users`.
         */
        get: operations["Oems_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/leads/funnel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description For each stage of the path: leads that reached it, conversion from the stage before, median and p90 hours it took; per group. */
        get: operations["LeadReports_funnel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/leads/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Counts by status, source, state, OEM (staff) and closing reason, overdue leads per stage and the conversion rate, with the lead-list filters. */
        get: operations["LeadReports_summary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/surveys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Lists surveys by scheduled date and slot; a field technician sees only its teams' jobs, with the customer's contact and address. */
        get: operations["Surveys_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/surveys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description One survey with its lead contact, assignments and report; the `ETag` header carries its version. */
        get: operations["Surveys_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/surveys/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Approves a submitted survey; the lead moves to `survey_completed`. */
        post: operations["Surveys_approve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/surveys/{id}/assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Makes a team the primary (it takes over the booking) or the backup; replaces the active one of that kind. */
        post: operations["Surveys_assign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/surveys/{id}/assignments/{assignmentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** @description A team member accepts or declines its assignment (a declining primary hands over to the backup); Central Ops cancels one. */
        patch: operations["Surveys_updateAssignment"];
        trace?: never;
    };
    "/api/v1/surveys/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Cancels an open survey: the slot is freed and the lead returns to `documents_received`. */
        post: operations["Surveys_cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/surveys/{id}/installation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Plans the installation of an approved survey: books the primary team's slot and moves the lead to `installation_scheduled`. */
        post: operations["SurveyInstallation_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/surveys/{id}/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The survey's photos and videos with their file metadata, oldest first. */
        get: operations["SurveyMedia_list"];
        put?: never;
        /** @description A member of the primary team uploads a photo or video of the survey (multipart/form-data: `file`, optional `caption`). */
        post: operations["SurveyMedia_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/surveys/{id}/media/{mediaId}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The photo or video, streamed; one byte range with `Range`, 304 with a matching `If-None-Match`. */
        get: operations["SurveyMedia_content"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/surveys/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Rejects a submitted survey: the slot is freed and the lead returns to `documents_received`. */
        post: operations["Surveys_reject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/surveys/{id}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** @description A member of the primary team submits the site report (or replaces it until the survey is reviewed). */
        put: operations["Surveys_submitReport"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/surveys/{id}/reschedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Moves the survey to a new date and slot; the primary team's booking moves with it. */
        post: operations["Surveys_reschedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/surveys/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description A member of the primary team starts the survey on site. */
        post: operations["Surveys_start"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The tags in use on the leads the caller may see, most used first. */
        get: operations["LeadTags_inUse"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Lists teams, newest first; a field technician sees only its own teams. */
        get: operations["Teams_list"];
        put?: never;
        /** @description Creates an active field team. */
        post: operations["Teams_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description One team with its members. */
        get: operations["Teams_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** @description Renames, moves, deactivates (`isActive: false`) or reactivates a team. */
        patch: operations["Teams_update"];
        trace?: never;
    };
    "/api/v1/teams/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Adds a field technician to the team (or changes whether it leads the team); answers the team. */
        post: operations["Teams_addMember"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams/{id}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** @description Removes a member from the team. */
        delete: operations["Teams_removeMember"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams/{id}/schedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The team's slots from `from` to `to` (IST calendar dates), each free or with the job holding it. */
        get: operations["Teams_schedule"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/technicians": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description The active field technicians by name, at most 50, `q` matching name or e-mail: for Central Ops
         *     adding a member to a team (`POST /teams/{id}/members` takes `userId`). Only id, name and
         *     e-mail: the rest of a user stays behind the admin-only `GET /users`.
         */
        get: operations["Technicians_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Lists users, newest first. */
        get: operations["Users_list"];
        put?: never;
        /** @description Creates a user of any role. */
        post: operations["Users_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description One user. */
        get: operations["Users_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** @description Changes name, phone, password or active flag. */
        patch: operations["Users_update"];
        trace?: never;
    };
    "/api/v1/users/{id}/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Lists an OEM's API keys (never the keys themselves). */
        get: operations["Users_listApiKeys"];
        put?: never;
        /** @description Issues an API key for an OEM user; the key is in this response only. */
        post: operations["Users_createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/api-keys/{keyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** @description Revokes an API key at once. */
        delete: operations["Users_revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-deliveries/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Sends a failed delivery again, with a fresh retry schedule. */
        post: operations["WebhookDeliveries_retry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The caller's subscriptions (staff: every OEM's, or one OEM's with `oemId`), newest first. */
        get: operations["WebhookSubscriptions_list"];
        put?: never;
        /** @description Subscribes a URL to event types; the answer carries the signing `secret`, shown only here. */
        post: operations["WebhookSubscriptions_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-subscriptions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description One subscription (without its secret). */
        get: operations["WebhookSubscriptions_get"];
        put?: never;
        post?: never;
        /** @description Deletes the subscription and its delivery history. */
        delete: operations["WebhookSubscriptions_remove"];
        options?: never;
        head?: never;
        /** @description Changes the URL, events, description, or pauses / re-enables it (`active`). */
        patch: operations["WebhookSubscriptions_update"];
        trace?: never;
    };
    "/api/v1/webhook-subscriptions/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Its deliveries, newest first: status, attempts, last response code and time, next attempt. */
        get: operations["WebhookSubscriptions_deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-subscriptions/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Replaces the signing secret; the new one is shown only here. The replaced one keeps signing deliveries beside it until `previousSecretExpiresAt` (24 h). */
        post: operations["WebhookSubscriptions_rotateSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-subscriptions/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Queues a signed `webhook.test` event to the URL; follow it in `…/deliveries`. */
        post: operations["WebhookSubscriptions_test"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AddTeamMemberDto: {
            /** @description Makes this member the team lead (the previous lead, if any, stops being one). */
            isLead?: boolean;
            /**
             * Format: uuid
             * @description An active user with role `field_technician`.
             */
            userId: string;
        };
        ApiKeyResponseDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            /** @description First 8 characters of the key. */
            prefix: string;
            /** Format: date-time */
            revokedAt: string | null;
        };
        ApproveSurveyDto: {
            /** @description Central Ops' remarks, kept on the timeline. */
            notes?: string;
        };
        AssignmentResponseDto: {
            /** Format: date-time */
            assignedAt: string;
            /** Format: uuid */
            assignedById: string;
            /** Format: uuid */
            id: string;
            /** @description Primary (holds the booking) or emergency backup. */
            isPrimary: boolean;
            /** Format: date-time */
            respondedAt: string | null;
            /**
             * Format: uuid
             * @description The member who accepted or declined.
             */
            respondedById: string | null;
            status: components["schemas"]["AssignmentStatus"];
            team: components["schemas"]["TeamSummaryDto"];
        };
        /** @enum {string} */
        AssignmentStatus: "assigned" | "accepted" | "declined" | "completed" | "cancelled";
        /** @enum {string} */
        AuditAction: "user.created" | "user.updated" | "user.deactivated" | "user.reactivated" | "user.password_reset" | "user.password_changed" | "api_key.issued" | "api_key.revoked" | "team.created" | "team.updated" | "team.member_added" | "team.member_updated" | "team.member_removed" | "lead_source.created" | "lead_source.updated" | "closing_reason.created" | "closing_reason.updated" | "webhook_subscription.created" | "webhook_subscription.updated" | "webhook_subscription.deleted" | "webhook_subscription.secret_rotated";
        /** @enum {string} */
        AuditEntityType: "user" | "api_key" | "team" | "team_member" | "lead_source" | "closing_reason" | "webhook_subscription";
        AuditEventPageDto: {
            data: components["schemas"]["AuditEventResponseDto"][];
            /** @description Opaque cursor of the next page; null on the last page. */
            nextCursor: string | null;
            /** @description Every match, only with `withTotal=true`. */
            total?: number;
        };
        AuditEventResponseDto: {
            action: components["schemas"]["AuditAction"];
            /**
             * Format: uuid
             * @description The user who made the change; null for a change made outside the API (the system).
             */
            actorId: string | null;
            actorRole: components["schemas"]["Role"] | null;
            /** @description New values of the changed fields; null for a removal. Never holds secrets. */
            after: {
                [key: string]: unknown;
            } | null;
            /**
             * Format: uuid
             * @description Set when the change was made with an OEM API key.
             */
            apiKeyId: string | null;
            /** @description Previous values of the changed fields; null for a creation. Never holds secrets. */
            before: {
                [key: string]: unknown;
            } | null;
            /** @description The changed record's id. */
            entityId: string;
            entityType: components["schemas"]["AuditEntityType"];
            /** Format: uuid */
            id: string;
            /**
             * Format: date-time
             * @description When the change was made (millisecond precision).
             */
            occurredAt: string;
            /** @description The `X-Request-Id` of the request that made the change. */
            requestId: string | null;
        };
        BookedInstallationDto: {
            city: string;
            customerName: string;
            /** Format: uuid */
            id: string;
            /** @description Human-readable, `INS-2026-000123`. */
            installationId: string;
            /** Format: uuid */
            leadId: string;
            pincode: string;
            status: components["schemas"]["InstallationStatus"];
        };
        BookedSurveyDto: {
            city: string;
            customerName: string;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            leadId: string;
            pincode: string;
            status: components["schemas"]["SurveyStatus"];
            /** @description Human-readable, `SRV-2026-000123`. */
            surveyId: string;
        };
        ChangePasswordDto: {
            /** @description The password the account signs in with now. */
            currentPassword: string;
            /** @description At least 10 characters (the policy of `POST /users`), different from the current one. */
            newPassword: string;
        };
        ClosingReasonCountDto: {
            code: string;
            count: number;
            label: string;
        };
        ClosingReasonResponseDto: {
            appliesTo: ("cancelled" | "on_hold")[];
            code: string;
            id: number;
            isActive: boolean;
            label: string;
        };
        ClosurePackPublicKeyDto: {
            /** @description True for the key that signs new packs; false for one used before a rotation, which still checks the packs it signed. */
            current: boolean;
            /** @description SHA-256 of the key's SPKI DER encoding, 64 lower-case hex digits: what manifest.json's `keyId` names. */
            keyId: string;
            /** @description The Ed25519 public key, SPKI PEM (`-----BEGIN PUBLIC KEY-----…`), for `openssl pkeyutl -verify -pubin -inkey` or `crypto.createPublicKey`. */
            publicKeyPem: string;
        };
        ClosurePackResponseDto: {
            /** @description Where to download it: `/api/v1/installations/{id}/closure-pack/content`. */
            contentUrl: string;
            /** @description The ZIP's metadata; its SHA-256 is the download's ETag. */
            file: components["schemas"]["StoredFileResponseDto"];
            /** Format: date-time */
            generatedAt: string;
            /** Format: uuid */
            generatedById: string;
            /** Format: uuid */
            id: string;
            /**
             * Format: date-time
             * @description When the owning OEM first downloaded it; null until then.
             */
            sharedAt: string | null;
        };
        ClosurePackSignatureVerificationDto: {
            /** Format: date-time */
            generatedAt?: string;
            /** @description Human-readable, e.g. `INS-2026-000123`. */
            installationId?: string;
            issued: boolean;
            /** @description The id of the key that verified it (SHA-256 of its SPKI DER, 64 lower-case hex digits); null when none did. */
            keyId: string | null;
            /** @description The key id manifest.json names; null for a pack issued before manifests named their key. */
            manifestKeyId: string | null;
            /** @description SHA-256 of its manifest.json, lower-case hex; null for a pack issued before manifests were signed. */
            manifestSha256?: string | null;
            /** Format: uuid */
            packId?: string;
            /** @description Whether `signature` is a signature of `manifest` by one of this server's keys, current or previous. */
            signatureValid: boolean;
            /** @description SHA-256 of the ZIP as issued, lower-case hex. */
            zipSha256?: string;
        };
        ClosurePackSigningKeysDto: {
            keys: components["schemas"]["ClosurePackPublicKeyDto"][];
        };
        ClosurePackVerificationDto: {
            /** Format: date-time */
            generatedAt?: string;
            /** @description Human-readable, e.g. `INS-2026-000123`. */
            installationId?: string;
            issued: boolean;
            /** @description SHA-256 of its manifest.json, lower-case hex; null for a pack issued before manifests were signed. */
            manifestSha256?: string | null;
            /** Format: uuid */
            packId?: string;
            /** @description SHA-256 of the ZIP as issued, lower-case hex. */
            zipSha256?: string;
        };
        CreateApiKeyDto: {
            /** @description A label for the key, e.g. the integration that uses it. */
            name: string;
        };
        CreateAssignmentDto: {
            /** @description True for the primary team (which holds the booking), false for the emergency backup. */
            isPrimary: boolean;
            /** Format: uuid */
            teamId: string;
        };
        CreateClosingReasonDto: {
            /** @description The statuses it may be given for. */
            appliesTo: ("cancelled" | "on_hold")[];
            /** @description Stable code leads are moved with (`reasonCode`): lower-case letters, digits and `_`, 2–40 characters. */
            code: string;
            isActive?: boolean;
            label: string;
        };
        CreateInstallationDto: {
            /**
             * Format: uuid
             * @description An optional emergency backup team.
             */
            backupTeamId?: string;
            /**
             * Format: uuid
             * @description The team that installs; the slot is booked for it.
             */
            primaryTeamId: string;
            /**
             * Format: date
             * @description Calendar date in India, `YYYY-MM-DD`.
             * @example 2026-05-20
             */
            scheduledDate: string;
            scheduledTimeSlot: components["schemas"]["TimeSlot"];
        };
        CreateLeadDto: {
            addressLine1: string;
            addressLine2?: string;
            chargerModel?: string;
            city: string;
            /** Format: email */
            customerEmail?: string;
            customerName: string;
            /** @description Any valid number; stored in E.164. Ten-digit numbers are read as Indian. */
            customerPhone: string;
            /** @description The OEM's own id for the lead. Re-sending the same payload with it returns the existing lead (200). */
            externalRef?: string;
            /** @description Decimal degrees; filled from the pincode directory when omitted. */
            latitude?: number;
            /** @description Decimal degrees; filled from the pincode directory when omitted. */
            longitude?: number;
            /**
             * Format: uuid
             * @description Required for Central Ops and admin: the OEM the lead belongs to. OEMs must leave it out.
             */
            oemId?: string;
            /** @description Six-digit India Post PIN code; must exist and lie in `state` once the directory is loaded. */
            pincode: string;
            /** @description A lead source id; defaults to the OEM's API source (or the seeded "OEM API"). */
            sourceId?: number;
            /** @description State or union territory: its name ("Maharashtra") or ISO 3166-2 code ("IN-MH"). */
            state: string;
        };
        CreateLeadSourceDto: {
            /** @description Unique, e.g. "Tata Motors Portal". */
            name: string;
            /**
             * Format: uuid
             * @description The OEM user this source belongs to, if any.
             */
            oemId?: string;
            sourceType: components["schemas"]["SourceType"];
        };
        CreateSurveyDto: {
            /**
             * Format: uuid
             * @description An optional emergency backup team, promoted (with the booking) if the primary declines.
             */
            backupTeamId?: string;
            /**
             * Format: uuid
             * @description The team that performs the survey; the slot is booked for it.
             */
            primaryTeamId: string;
            /**
             * Format: date
             * @description Calendar date in India, `YYYY-MM-DD`.
             * @example 2026-05-04
             */
            scheduledDate: string;
            scheduledTimeSlot: components["schemas"]["TimeSlot"];
        };
        CreateTeamDto: {
            /** @description The city (district) the team works in. */
            city: string;
            /** @description Unique team name, e.g. `Pune North`. */
            name: string;
            /** @description State or union territory: its name ("Maharashtra") or ISO 3166-2 code ("IN-MH"). */
            state: string;
        };
        CreateUserDto: {
            /**
             * Format: email
             * @description Stored lower-cased; unique.
             */
            email: string;
            fullName: string;
            /** @description At least 10 characters. */
            password: string;
            /** @description Any valid phone number; stored in E.164 (Indian numbers may omit +91). */
            phone?: string;
            role: components["schemas"]["Role"];
        };
        CreateWebhookSubscriptionDto: {
            /** @description false creates it paused (default true). */
            active?: boolean;
            description?: string;
            /** @description The event types to receive. */
            events: ("lead.created" | "lead.status_changed" | "survey.scheduled" | "survey.completed" | "installation.scheduled" | "installation.completed" | "closure_pack.ready" | "lead.anonymised")[];
            /**
             * Format: uuid
             * @description The OEM it belongs to: required for staff, the caller itself for an OEM.
             */
            oemId?: string;
            /** @description Where events are POSTed: https (http only with WEBHOOK_ALLOW_HTTP), not a private or loopback address. */
            url: string;
        };
        CreatedApiKeyDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            /** @description The key itself, to send as `X-API-Key`. Shown only in this response. */
            key: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            /** @description First 8 characters of the key. */
            prefix: string;
            /** Format: date-time */
            revokedAt: string | null;
        };
        /** @enum {string} */
        DocumentType: "electricity_bill" | "location_photo" | "electrician_contact" | "other";
        DocumentUploaderDto: {
            /** @description The person's name; for an OEM reading a document staff uploaded, their role or team ("Central Ops"). */
            fullName: string;
            /**
             * Format: uuid
             * @description The uploader's user id; null when an OEM reads a document ChargeOps staff uploaded.
             */
            id: string | null;
        };
        FieldErrorDto: {
            /** @description Dotted path of the offending field. */
            field: string;
            message: string;
        };
        FunnelGroupDto: {
            /** @description Leads of the group now cancelled. */
            cancelled: number;
            /** @description The group: null for `groupBy=none`, else the OEM id, the state or `YYYY-MM`. */
            key: string | null;
            /** @description The OEM's name for `groupBy=oem`; else as `key`. */
            label: string | null;
            leads: number;
            /** @description Leads of the group now on hold. */
            onHold: number;
            stages: components["schemas"]["FunnelStageDto"][];
        };
        FunnelStageDto: {
            /** @description reached / reached of the stage before, 0–1; null for `new` or when none reached the stage before. */
            conversionFromPrevious: number | null;
            /** @description Hours from entering the stage before to entering this one (first entries), median; null with no such lead. */
            medianHours: number | null;
            /** @description The same, 90th percentile. */
            p90Hours: number | null;
            /** @description Leads whose timeline ever entered the stage (every lead entered `new`). */
            reached: number;
            stage: components["schemas"]["LeadStatus"];
        };
        HealthIndicatorDto: {
            /** @description How long the indicator took to answer, in milliseconds. */
            responseTime?: number;
            /** @description `notifications` only: staff e-mails this process recorded as skipped because no SMTP is configured. */
            skippedEmails?: number;
            /** @description `notifications` only: whether SMTP_URL is set. */
            smtpConfigured?: boolean;
            status: components["schemas"]["HealthIndicatorStatus"];
        };
        /** @enum {string} */
        HealthIndicatorStatus: "up" | "degraded" | "down";
        HealthResponseDto: {
            /** @description Every indicator, by name. */
            details: {
                [key: string]: components["schemas"]["HealthIndicatorDto"];
            };
            /** @description Indicators that are down, by name. */
            error?: {
                [key: string]: components["schemas"]["HealthIndicatorDto"];
            } | null;
            /** @description Indicators that are up, by name. */
            info?: {
                [key: string]: components["schemas"]["HealthIndicatorDto"];
            } | null;
            status: components["schemas"]["HealthStatus"];
        };
        /** @enum {string} */
        HealthStatus: "ok" | "degraded";
        /**
         * @description What the table of DESIGN §5 allows now (transition targets are named after their status; see the workflow in the README).
         * @enum {string}
         */
        InstallationAction: "material_pending" | "material_ready" | "confirmed" | "in_progress" | "completed" | "reschedule" | "report" | "close" | "cancel" | "media" | "assign" | "update";
        InstallationPageDto: {
            data: components["schemas"]["InstallationResponseDto"][];
            /** @description Opaque cursor of the next page; null on the last page. */
            nextCursor: string | null;
            /** @description Every match, only with `withTotal=true`. */
            total?: number;
        };
        InstallationReportResponseDto: {
            chargerModel: string;
            chargerSerialNumber: string;
            /** @description The customer's sign-off image (PNG or JPEG); null when the report has none. */
            customerSignature: components["schemas"]["StoredFileResponseDto"] | null;
            demoGiven: boolean;
            /** @description Empty when none. */
            generalNotes: string;
            installationSuccessful: boolean;
            /** @description Empty when none. */
            issuesEncountered: string;
            /** Format: date-time */
            submittedAt: string;
            /** Format: uuid */
            submittedById: string;
        };
        InstallationResponseDto: {
            /** @description What the table of DESIGN §5 allows now (transition targets are named after their status; see the workflow in the README). */
            allowedActions: components["schemas"]["InstallationAction"][];
            /** @description Every assignment, oldest first (primary before backup when made together), ended ones included. */
            assignments: components["schemas"]["AssignmentResponseDto"][];
            /** @description The active emergency backup team, if any. */
            backupTeam: components["schemas"]["TeamSummaryDto"] | null;
            /** @description Why it was cancelled. */
            closingReason: string | null;
            /** @description The closure pack, once generated. */
            closurePack: components["schemas"]["ClosurePackResponseDto"] | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            createdById: string;
            customerConfirmed: boolean;
            demoCompleted: boolean;
            /** Format: uuid */
            id: string;
            /** @description Human-readable, `INS-2026-000123`. */
            installationId: string;
            lead: components["schemas"]["SurveyLeadDto"];
            /** Format: uuid */
            leadId: string;
            materialReady: boolean;
            /** @description The active primary team (holds the booking). */
            primaryTeam: components["schemas"]["TeamSummaryDto"] | null;
            /** @description The field team's report of the latest attempt; null before the first. */
            report: components["schemas"]["InstallationReportResponseDto"] | null;
            /**
             * Format: date
             * @description Calendar date in India.
             */
            scheduledDate: string;
            scheduledTimeSlot: components["schemas"]["TimeSlot"];
            status: components["schemas"]["InstallationStatus"];
            /**
             * Format: uuid
             * @description The approved survey it was planned from.
             */
            surveyId: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Optimistic-lock version; the ETag is `W/"<version>"`. */
            version: number;
        };
        /** @enum {string} */
        InstallationStatus: "planned" | "material_pending" | "material_ready" | "confirmed" | "in_progress" | "completed" | "report_submitted" | "closed" | "rescheduled" | "cancelled";
        InstallationTransitionDto: {
            /** @description Required for `cancelled` (kept as closingReason); otherwise a note for the timeline. */
            reason?: string;
            to: components["schemas"]["InstallationTransitionTarget"];
        };
        /** @enum {string} */
        InstallationTransitionTarget: "material_pending" | "material_ready" | "confirmed" | "in_progress" | "completed" | "cancelled";
        LeadClosurePackLinkDto: {
            /** Format: date-time */
            generatedAt: string;
            /** @description Hex SHA-256 of the ZIP (the download's ETag). */
            sha256: string;
            /** @description Size of the ZIP in bytes. */
            sizeBytes: number;
            /** @description `GET` it with the OEM's API key: `/api/v1/installations/{installationUuid}/closure-pack/content`. */
            url: string;
        };
        LeadDocumentPageDto: {
            data: components["schemas"]["LeadDocumentResponseDto"][];
            /** @description Opaque cursor of the next page; null on the last page. */
            nextCursor: string | null;
            /** @description Every match, only with `withTotal=true`. */
            total?: number;
        };
        LeadDocumentResponseDto: {
            documentType: components["schemas"]["DocumentType"];
            file: components["schemas"]["StoredFileResponseDto"];
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            leadId: string;
            /** @description Empty when none were given. */
            notes: string;
            /** Format: date-time */
            uploadedAt: string;
            uploadedBy: components["schemas"]["DocumentUploaderDto"];
            /**
             * Format: uuid
             * @description Null when an OEM reads a document ChargeOps staff uploaded (README "What an OEM sees").
             */
            uploadedById: string | null;
        };
        LeadEventPageDto: {
            data: components["schemas"]["LeadEventResponseDto"][];
            nextCursor: string | null;
            total?: number;
        };
        LeadEventResponseDto: {
            /**
             * Format: uuid
             * @description Set when the change came through an OEM API key.
             */
            actorApiKeyId: string | null;
            /** @description Who acted: a person for staff readers; for an OEM a role or team ("Central Ops", "Field team Pune South") or the OEM itself. */
            actorName: string;
            /** Format: uuid */
            actorUserId: string | null;
            /** Format: date-time */
            createdAt: string;
            data: {
                [key: string]: unknown;
            } | null;
            fromStatus: components["schemas"]["LeadStatus"] | null;
            id: number;
            /** @description Human-readable, e.g. "Survey approved" (the audience policy's label, `leads/audience/oem-audience.ts`). */
            label: string;
            /** Format: uuid */
            leadId: string;
            toStatus: components["schemas"]["LeadStatus"] | null;
            /** @description One of created, status_changed, assigned, updated, duplicate_flagged, note, document_uploaded, document_deleted, or a later module's type */
            type: string;
        };
        LeadFunnelDto: {
            /** @enum {string} */
            groupBy: "none" | "oem" | "state" | "month";
            groups: components["schemas"]["FunnelGroupDto"][];
        };
        LeadImportAcceptedDto: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            status: "queued" | "running" | "completed" | "failed";
        };
        LeadImportErrorDto: {
            code: string;
            field: string | null;
            message: string;
            /** @description 1-based data row (the header is row 0). */
            row: number;
        };
        LeadImportPageDto: {
            data: components["schemas"]["LeadImportResponseDto"][];
            nextCursor: string | null;
            total?: number;
        };
        LeadImportResponseDto: {
            /** Format: date-time */
            createdAt: string;
            /** @description The first row errors: at most 1,000, and fewer when they would take more than 64 KiB as JSON; the rest are only counted. */
            errors: components["schemas"]["LeadImportErrorDto"][];
            /** @description Why a failed import stopped, e.g. its server process died, or its account, API key or OEM was deactivated or revoked meanwhile. */
            failure: string | null;
            fileName: string;
            /** Format: date-time */
            finishedAt: string | null;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            oemId: string | null;
            rowsCreated: number;
            /** @description Rows refused as duplicates of an open lead (`LEAD_DUPLICATE_CHECK=reject`). */
            rowsDuplicate: number;
            rowsProcessed: number;
            rowsRejected: number;
            /** @description Rows whose `externalRef` was already received with the same data (idempotent re-import). */
            rowsReplayed: number;
            rowsTotal: number;
            /** @enum {string} */
            status: "queued" | "running" | "completed" | "failed";
        };
        LeadImportUploadDto: {
            /**
             * Format: binary
             * @description The CSV: a header row naming `POST /leads` fields in camelCase (other columns are ignored), one lead a row.
             */
            file: string;
            /**
             * Format: uuid
             * @description Central Ops: the OEM every row belongs to, an active OEM (else 400); without it, an `oemId` column must name each row's. OEMs leave it out.
             */
            oemId?: string;
            /** @description The lead source of every row without a `sourceId` column value: one the import's OEM may use (its own or a shared one), else 400. */
            sourceId?: number;
        };
        LeadInstallationSummaryDto: {
            /** Format: uuid */
            id: string;
            /** @description Human-readable, `INS-2026-000123`. */
            installationId: string;
            /**
             * Format: date
             * @description Calendar date in India.
             */
            scheduledDate: string;
            scheduledTimeSlot: components["schemas"]["TimeSlot"];
            status: components["schemas"]["InstallationStatus"];
        };
        LeadPageDto: {
            data: components["schemas"]["LeadResponseDto"][];
            /** @description Opaque cursor of the next page; null on the last page. */
            nextCursor: string | null;
            /** @description Every match, only with `withTotal=true`. */
            total?: number;
        };
        LeadResponseDto: {
            addressLine1: string;
            addressLine2: string;
            /** @description Statuses a manual `POST /leads/{id}/transitions` may move this lead to now. */
            allowedTransitions: components["schemas"]["LeadStatus"][];
            assignedTo: components["schemas"]["UserSummaryDto"] | null;
            /** Format: uuid */
            assignedToId: string | null;
            chargerModel: string | null;
            city: string;
            /** @description The note on the last hold or cancellation (before issue 14: the whole free-text reason). */
            closingReason: string | null;
            /** @description The closing reason of the last hold or cancellation (`GET /closing-reasons`). */
            closingReasonCode: string | null;
            /** @description Once the lead is closed: where the OEM downloads the closure pack (with its API key). */
            closurePack: components["schemas"]["LeadClosurePackLinkDto"] | null;
            /** Format: date-time */
            createdAt: string;
            customerEmail: string | null;
            customerName: string;
            /** @description E.164. */
            customerPhone: string;
            externalRef: string | null;
            /** Format: uuid */
            id: string;
            /** @description The lead's installation (status, date and slot; also shown to the OEM), or null before one is planned. */
            installation: components["schemas"]["LeadInstallationSummaryDto"] | null;
            introCallCompleted: boolean;
            latitude: number | null;
            longitude: number | null;
            oem: components["schemas"]["UserSummaryDto"];
            /** Format: uuid */
            oemId: string;
            pincode: string;
            /**
             * Format: uuid
             * @description Another open lead of the same OEM with the same phone and pincode, when the duplicate check flagged one.
             */
            possibleDuplicateOfId: string | null;
            /** @description The stage SLA; null on hold, closed or cancelled. */
            sla: components["schemas"]["LeadSlaDto"] | null;
            source: components["schemas"]["LeadSourceSummaryDto"];
            sourceId: number;
            state: string;
            status: components["schemas"]["LeadStatus"];
            /** @description Where `resume` returns to while the lead is on hold. */
            statusBeforeHold: components["schemas"]["LeadStatus"] | null;
            /**
             * Format: date-time
             * @description When the lead entered its current status (null for a lead the issue-14 migration could not date).
             */
            statusEnteredAt: string | null;
            /** @description The lead's latest site survey (status, date and slot; also shown to the OEM), or null before one is scheduled. */
            survey: components["schemas"]["LeadSurveySummaryDto"] | null;
            /** @description Labels set by Central Ops (`PUT /leads/{id}/tags`), sorted. */
            tags: string[];
            /** Format: date-time */
            updatedAt: string;
            /** @description Optimistic-lock version; the ETag is `W/"<version>"`. */
            version: number;
        };
        LeadSlaDto: {
            /**
             * Format: date-time
             * @description Entered the current status + the stage's target (`SLA_HOURS`).
             */
            dueAt: string;
            overdue: boolean;
            stage: components["schemas"]["LeadStatus"];
        };
        LeadSourceResponseDto: {
            id: number;
            name: string;
            /** Format: uuid */
            oemId: string | null;
            sourceType: components["schemas"]["SourceType"];
        };
        LeadSourceSummaryDto: {
            id: number;
            name: string;
            sourceType: components["schemas"]["SourceType"];
        };
        /** @enum {string} */
        LeadStatus: "new" | "contacted" | "documents_pending" | "documents_received" | "survey_scheduled" | "survey_completed" | "installation_scheduled" | "installation_completed" | "closed" | "cancelled" | "on_hold";
        LeadSummaryDto: {
            byClosingReason: components["schemas"]["ClosingReasonCountDto"][];
            /** @description Staff only; absent for an OEM. */
            byOem?: components["schemas"]["OemCountDto"][];
            bySource: components["schemas"]["SourceCountDto"][];
            byState: components["schemas"]["StateCountDto"][];
            /**
             * @description Every status, zeros included.
             * @example {
             *       "closed": 1,
             *       "contacted": 4,
             *       "new": 10
             *     }
             */
            byStatus: {
                [key: string]: number;
            };
            /** @description closed / total, 0–1 (0 when total is 0). */
            conversionRate: number;
            /** @description Leads past their stage SLA, by the stage they are due to reach (every SLA stage, zeros included). */
            overdueByStage: components["schemas"]["StageCountDto"][];
            overdueTotal: number;
            total: number;
        };
        LeadSurveySummaryDto: {
            /** Format: uuid */
            id: string;
            /**
             * Format: date
             * @description Calendar date in India.
             */
            scheduledDate: string;
            scheduledTimeSlot: components["schemas"]["TimeSlot"];
            status: components["schemas"]["SurveyStatus"];
            /** @description Human-readable, `SRV-2026-000123`. */
            surveyId: string;
        };
        LeadTransitionDto: {
            /** @description An optional note on the closing reason, shown on the lead as `closingReason`. */
            note?: string;
            /** @description Free text as before issue 14: taken as `reasonCode: other` with this text as the note. */
            reason?: string;
            /**
             * @description For `on_hold` and `cancelled`: the code of an active closing reason that applies to the target
             *     (`GET /closing-reasons`). One of `reasonCode` and `reason` is required there.
             */
            reasonCode?: string;
            to: components["schemas"]["LeadStatus"];
        };
        LoginDto: {
            /**
             * Format: email
             * @description The account's email address (case-insensitive).
             */
            email: string;
            password: string;
        };
        MediaPageDto: {
            data: components["schemas"]["MediaResponseDto"][];
            /** @description Opaque cursor of the next page; null on the last page. */
            nextCursor: string | null;
            /** @description Every match, only with `withTotal=true`. */
            total?: number;
        };
        MediaResponseDto: {
            /** @description Empty when none was given. */
            caption: string;
            file: components["schemas"]["StoredFileResponseDto"];
            /** Format: uuid */
            id: string;
            /** @description From the sniffed content type. */
            mediaType: components["schemas"]["MediaType"];
            /** Format: date-time */
            uploadedAt: string;
            uploadedBy: components["schemas"]["UserSummaryDto"];
            /** Format: uuid */
            uploadedById: string;
        };
        /**
         * @description From the sniffed content type.
         * @enum {string}
         */
        MediaType: "photo" | "video";
        OemCountDto: {
            count: number;
            name: string;
            /** Format: uuid */
            oemId: string;
        };
        OemSummaryDto: {
            fullName: string;
            /** @description The OEM user's id, as `oemId` on leads and lead sources. */
            id: string;
        };
        /** @enum {string} */
        ParkingType: "covered" | "open" | "basement" | "street";
        ProblemDetailsDto: {
            /** @description `SURVEY_INVALID_TRANSITION`, `INSTALLATION_INVALID_TRANSITION`: the action refused. */
            action?: string;
            /** @description `LEAD_INVALID_TRANSITION`: the statuses a manual transition may reach from `from` (may be empty). */
            allowed?: string[];
            /** @description `SURVEY_INVALID_TRANSITION`, `INSTALLATION_INVALID_TRANSITION`: the actions the current status allows (may be empty). */
            allowedActions?: string[];
            /** @description `INSTALLATION_INVALID_TRANSITION`: the statuses `POST /installations/{id}/transitions` may reach from the current one. */
            allowedTargets?: string[];
            /** @description `UPLOAD_TYPE_NOT_ALLOWED`: the media types accepted here. */
            allowedTypes?: string[];
            /**
             * @description Stable machine code, e.g. `LEAD_INVALID_TRANSITION`; one of the listed values.
             * @enum {string}
             */
            code: "API_KEY_NOT_FOUND" | "API_KEY_OEM_ONLY" | "ASSIGNMENT_INVALID_TRANSITION" | "ASSIGNMENT_NOT_YOUR_TEAM" | "ASSIGNMENT_STATUS_FORBIDDEN" | "ASSIGNMENT_TEAM_CONFLICT" | "ASSIGNMENT_UNCHANGED" | "AUTH_CURRENT_PASSWORD_WRONG" | "AUTH_INVALID_CREDENTIALS" | "AUTH_INVALID_REFRESH_TOKEN" | "AUTH_REFRESH_TOKEN_REUSED" | "AUTH_SESSION_REQUIRED" | "AUTH_THROTTLED" | "BAD_REQUEST" | "CLOSING_REASON_CODE_TAKEN" | "CLOSING_REASON_FALLBACK" | "CLOSING_REASON_NOT_FOUND" | "CLOSURE_PACK_FILE_UNAVAILABLE" | "CLOSURE_PACK_FILE_UNREADABLE" | "CLOSURE_PACK_KEY_NOT_FOUND" | "CLOSURE_PACK_LEAD_NOT_READY" | "CLOSURE_PACK_NOT_FOUND" | "CONFLICT" | "DOCUMENT_NOT_FOUND" | "FILE_PURGED" | "FORBIDDEN" | "FORBIDDEN_ROLE" | "HTTP_ERROR" | "IMAGE_TOO_LARGE" | "IMAGE_UNDECODABLE" | "INSTALLATION_ALREADY_SUCCESSFUL" | "INSTALLATION_ASSIGNMENT_NOT_FOUND" | "INSTALLATION_CHANGED" | "INSTALLATION_EXISTS" | "INSTALLATION_INVALID_TRANSITION" | "INSTALLATION_LEAD_NOT_READY" | "INSTALLATION_MEDIA_NOT_FOUND" | "INSTALLATION_NOT_FOUND" | "INSTALLATION_NOT_PRIMARY_TEAM" | "INSTALLATION_NOT_READY" | "INSTALLATION_NOT_RESCHEDULABLE" | "INSTALLATION_NO_PRIMARY_TEAM" | "INSTALLATION_PRECONDITION_FAILED" | "INSTALLATION_SIGNATURE_NOT_FOUND" | "INSTALLATION_SLOT_UNCHANGED" | "INSTALLATION_SURVEY_NOT_APPROVED" | "INSTALLATION_TRANSITION_FORBIDDEN" | "INTERNAL_ERROR" | "INVALID_CURSOR" | "JSON_TOO_DEEP" | "LEAD_CHANGED" | "LEAD_DUPLICATE" | "LEAD_EXTERNAL_REF_CONFLICT" | "LEAD_FINAL" | "LEAD_IMPORT_INVALID_FILE" | "LEAD_IMPORT_NOT_FOUND" | "LEAD_IMPORT_TOO_LARGE" | "LEAD_INVALID_TRANSITION" | "LEAD_NOT_FOUND" | "LEAD_PRECONDITION_FAILED" | "LEAD_SOURCE_DEFAULT" | "LEAD_SOURCE_NAME_TAKEN" | "LEAD_SOURCE_NOT_FOUND" | "MALFORMED_JSON" | "METHOD_NOT_ALLOWED" | "NOT_FOUND" | "PAYLOAD_TOO_LARGE" | "PRECONDITION_FAILED" | "PRECONDITION_REQUIRED" | "RANGE_NOT_SATISFIABLE" | "REQUEST_ABORTED" | "REQUEST_HEADERS_TOO_LARGE" | "REQUEST_TIMEOUT" | "ROUTE_NOT_DECLARED" | "SERVICE_UNAVAILABLE" | "SLOT_IN_PAST" | "SLOT_TAKEN" | "SURVEY_ASSIGNMENT_NOT_FOUND" | "SURVEY_CHANGED" | "SURVEY_INVALID_TRANSITION" | "SURVEY_LEAD_NOT_READY" | "SURVEY_MEDIA_NOT_FOUND" | "SURVEY_NOT_FOUND" | "SURVEY_NOT_PRIMARY_TEAM" | "SURVEY_NO_PRIMARY_TEAM" | "SURVEY_PRECONDITION_FAILED" | "SURVEY_REPORT_MISSING" | "SURVEY_SLOT_UNCHANGED" | "TEAM_HAS_OPEN_JOBS" | "TEAM_INACTIVE" | "TEAM_MEMBER_NOT_FOUND" | "TEAM_NAME_TAKEN" | "TEAM_NOT_FOUND" | "TOO_MANY_REQUESTS" | "UNAUTHENTICATED" | "UNSUPPORTED_CHARSET" | "UNSUPPORTED_CONTENT_ENCODING" | "UNSUPPORTED_MEDIA_TYPE" | "UPLOAD_ABORTED" | "UPLOAD_MALFORMED" | "UPLOAD_TOO_LARGE" | "UPLOAD_TYPE_NOT_ALLOWED" | "USER_EMAIL_TAKEN" | "USER_LAST_ADMIN" | "USER_NOT_FOUND" | "VALIDATION_FAILED" | "WEBHOOK_DELIVERY_NOT_FOUND" | "WEBHOOK_DELIVERY_NOT_RETRYABLE" | "WEBHOOK_SUBSCRIPTION_INACTIVE" | "WEBHOOK_SUBSCRIPTION_NOT_FOUND" | "WEBHOOK_URL_NOT_ALLOWED";
            /** @description `<RESOURCE>_PRECONDITION_FAILED` (412, If-Match names an older version): the current version; `W/"<currentVersion>"` is the ETag to send. */
            currentVersion?: number;
            /**
             * Format: date
             * @description `SLOT_TAKEN`, `SLOT_IN_PAST`: the slot's date, `YYYY-MM-DD` (India).
             */
            date?: string;
            /** @description What went wrong with this request, in words. */
            detail: string;
            /** @description `SERVICE_UNAVAILABLE` from the health routes: each indicator's result by name (`database`, `storage`), as `{ status, … }`. */
            details?: {
                [key: string]: unknown;
            };
            /** @description `UPLOAD_TYPE_NOT_ALLOWED`: the media type sniffed from the content (`application/octet-stream` when unrecognised). */
            detectedType?: string;
            /**
             * Format: uuid
             * @description `LEAD_DUPLICATE`: the id of the open lead with the same phone and pincode.
             */
            duplicateOf?: string;
            /**
             * @description Each offending field: on `VALIDATION_FAILED` and the other 400s that name a field
             *     (`INVALID_CURSOR`, `LEAD_IMPORT_INVALID_FILE`, `WEBHOOK_URL_NOT_ALLOWED`), and on 422
             *     `IMAGE_UNDECODABLE` and `IMAGE_TOO_LARGE`.
             */
            errors?: components["schemas"]["FieldErrorDto"][];
            /** @description `CLOSURE_PACK_FILE_UNREADABLE`, `CLOSURE_PACK_FILE_UNAVAILABLE`: the file's path in the pack, when one is at fault. */
            file?: string;
            /**
             * Format: uuid
             * @description `FILE_PURGED` (410): the file the retention policy deleted; `CLOSURE_PACK_FILE_UNREADABLE`,
             *     `CLOSURE_PACK_FILE_UNAVAILABLE`: the stored file at fault, when one is.
             */
            fileId?: string;
            /** @description `LEAD_INVALID_TRANSITION`: the lead's status; `ASSIGNMENT_INVALID_TRANSITION`: the assignment's status. */
            from?: string;
            /** @description `IMAGE_TOO_LARGE`: the image's height in pixels, when it could be read. */
            height?: number;
            /** @description `INSTALLATION_INVALID_TRANSITION`: the installation's current status. */
            installationStatus?: string;
            /** @description The request path. */
            instance: string;
            /**
             * Format: uuid
             * @description `LEAD_EXTERNAL_REF_CONFLICT`: the id of the lead first received with this `externalRef`.
             */
            leadId?: string;
            /** @description `SURVEY_LEAD_NOT_READY`, `INSTALLATION_LEAD_NOT_READY`, `CLOSURE_PACK_LEAD_NOT_READY`: the lead's current status. */
            leadStatus?: string;
            /** @description `UPLOAD_TOO_LARGE`, `LEAD_IMPORT_TOO_LARGE` (a file over the size limit): the limit, in bytes. */
            limitBytes?: number;
            /** @description `LEAD_IMPORT_TOO_LARGE` (a file with too many rows): the most rows an import takes. */
            limitRows?: number;
            /** @description `IMAGE_TOO_LARGE`: the most bytes an image may take once decoded. */
            maxDecodedBytes?: number;
            /** @description `IMAGE_TOO_LARGE`: the most pixels (width × height) an image may have. */
            maxPixels?: number;
            /** @description `INSTALLATION_NOT_READY`: what confirming still waits for, of `materialReady`, `customerConfirmed`, `primaryAssignmentAccepted`. */
            missing?: string[];
            /** @description `TEAM_HAS_OPEN_JOBS`: how many open surveys and installations the team is assigned to. */
            openAssignments?: number;
            /** @description `CLOSURE_PACK_FILE_UNREADABLE`, `CLOSURE_PACK_FILE_UNAVAILABLE`: why the pack could not be built, e.g. `CLOSURE_PACK_FILE_MISSING`, `CLOSURE_PACK_FILE_CORRUPT`. */
            reason?: string;
            /** @description `INSTALLATION_NOT_RESCHEDULABLE`: whether the completed installation has a report. */
            reportSubmitted?: boolean;
            /** @description Correlates with the server's logs. */
            requestId: string;
            /** @description `RANGE_NOT_SATISFIABLE` (416): the file's size in bytes. */
            sizeBytes?: number;
            /** @description The HTTP status code. */
            status: number;
            /** @description `INSTALLATION_EXISTS`: the survey that already has an installation, human-readable (`SRV-2026-000123`). */
            surveyId?: string;
            /** @description `SURVEY_INVALID_TRANSITION`, `INSTALLATION_SURVEY_NOT_APPROVED`: the survey's current status. */
            surveyStatus?: string;
            /**
             * Format: uuid
             * @description `SLOT_TAKEN`, `TEAM_INACTIVE`: the team.
             */
            teamId?: string;
            /** @description `SLOT_TAKEN`, `SLOT_IN_PAST`: the slot's time of day, e.g. `09-12`. */
            timeSlot?: string;
            /** @description Short, human-readable summary of the status, e.g. `Not Found`. */
            title: string;
            /** @description `LEAD_INVALID_TRANSITION`: the status asked for; `ASSIGNMENT_INVALID_TRANSITION`: the assignment status asked for. */
            to?: string;
            /** @description A URI identifying the problem type, or `about:blank`. */
            type: string;
            /** @description `IMAGE_TOO_LARGE`: the image's width in pixels, when it could be read. */
            width?: number;
        };
        RefreshDto: {
            /** @description The refresh token from the last login or refresh; each one works once. */
            refreshToken: string;
        };
        RescheduleInstallationDto: {
            /** @description Why, for the timeline (e.g. "customer travelling", "earthing to be redone"). */
            reason?: string;
            /**
             * Format: date
             * @description Calendar date in India, `YYYY-MM-DD`.
             * @example 2026-05-22
             */
            scheduledDate: string;
            scheduledTimeSlot: components["schemas"]["TimeSlot"];
        };
        RescheduleSurveyDto: {
            /** @description Why, for the timeline (e.g. "customer travelling"). */
            reason?: string;
            /**
             * Format: date
             * @description Calendar date in India, `YYYY-MM-DD`.
             * @example 2026-05-06
             */
            scheduledDate: string;
            scheduledTimeSlot: components["schemas"]["TimeSlot"];
        };
        /** @enum {string} */
        Role: "admin" | "central_ops" | "oem" | "field_technician";
        ScheduleBookingDto: {
            /** Format: uuid */
            id: string;
            installation?: components["schemas"]["BookedInstallationDto"];
            /**
             * @description What the slot is booked for.
             * @enum {string}
             */
            kind: "survey" | "installation";
            survey?: components["schemas"]["BookedSurveyDto"];
        };
        ScheduleDayDto: {
            /** Format: date */
            date: string;
            /** @description Every slot of the day, in order. */
            slots: components["schemas"]["ScheduleSlotDto"][];
        };
        ScheduleSlotDto: {
            /** @description The job holding the slot; null when it is free. */
            booking: components["schemas"]["ScheduleBookingDto"] | null;
            timeSlot: components["schemas"]["TimeSlot"];
        };
        SetLeadTagsDto: {
            /** @description At most 20 labels of 1–40 characters each, lower-cased; letters of any script, digits, spaces and `_-.:/`; repeats count once. */
            tags: string[];
        };
        SourceCountDto: {
            count: number;
            name: string;
            sourceId: number;
        };
        /** @enum {string} */
        SourceType: "api" | "manual" | "portal";
        StageCountDto: {
            count: number;
            stage: components["schemas"]["LeadStatus"];
        };
        StateCountDto: {
            count: number;
            state: string;
        };
        StoredFileResponseDto: {
            /** @description Sniffed from the bytes, e.g. `application/pdf`. */
            contentType: string;
            /** Format: uuid */
            id: string;
            /** @description The client's file name, sanitised. */
            originalName: string;
            /** @description Hex SHA-256 of the content; the download's ETag is `"<sha256>"`. */
            sha256: string;
            /** @description Size in bytes. */
            sizeBytes: number;
        };
        /** @enum {string} */
        SupplyPhase: "single" | "three";
        /**
         * @description What the workflow allows now (independent of the caller's role).
         * @enum {string}
         */
        SurveyAction: "start" | "reschedule" | "report" | "media" | "approve" | "reject" | "cancel" | "assign";
        SurveyLeadDto: {
            addressLine1: string;
            addressLine2: string;
            chargerModel: string | null;
            city: string;
            customerEmail: string | null;
            customerName: string;
            /** @description E.164. */
            customerPhone: string;
            /** Format: uuid */
            id: string;
            latitude: number | null;
            longitude: number | null;
            pincode: string;
            state: string;
        };
        SurveyPageDto: {
            data: components["schemas"]["SurveyResponseDto"][];
            /** @description Opaque cursor of the next page; null on the last page. */
            nextCursor: string | null;
            /** @description Every match, only with `withTotal=true`. */
            total?: number;
        };
        SurveyReasonDto: {
            reason: string;
        };
        SurveyReportDto: {
            /**
             * @description Cable the installation needs in metres, 0–500, at most one decimal.
             * @example 15
             */
            cableLengthM: number;
            civilWorkRequired: boolean;
            earthingAvailable: boolean;
            /** @description Whether a home charger can be installed at the site. */
            feasible: boolean;
            /**
             * @description Distance from the meter to the charger position in metres, 0–500, at most one decimal.
             * @example 12.5
             */
            meterToChargerDistanceM: number;
            notes?: string;
            parkingType: components["schemas"]["ParkingType"];
            /** @description e.g. `7.4 kW AC Wallbox`. */
            recommendedChargerModel: string;
            /**
             * @description Sanctioned load of the connection in kW, 0.5–100, at most two decimals (from the electricity bill).
             * @example 7.5
             */
            sanctionedLoadKw: number;
            supplyPhase: components["schemas"]["SupplyPhase"];
        };
        SurveyReportResponseDto: {
            /** @description Metres. */
            cableLengthM: number;
            civilWorkRequired: boolean;
            earthingAvailable: boolean;
            feasible: boolean;
            /** @description Metres. */
            meterToChargerDistanceM: number;
            notes: string;
            parkingType: components["schemas"]["ParkingType"];
            recommendedChargerModel: string;
            /** @description kW. */
            sanctionedLoadKw: number;
            /** Format: date-time */
            submittedAt: string;
            /** Format: uuid */
            submittedById: string;
            supplyPhase: components["schemas"]["SupplyPhase"];
        };
        SurveyResponseDto: {
            /** @description What the workflow allows now (independent of the caller's role). */
            allowedActions: components["schemas"]["SurveyAction"][];
            /** @description Every assignment, oldest first (primary before backup when made together), ended ones included. */
            assignments: components["schemas"]["AssignmentResponseDto"][];
            /** @description The active emergency backup team, if any. */
            backupTeam: components["schemas"]["TeamSummaryDto"] | null;
            /** @description Why it was rejected or cancelled. */
            closingReason: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            createdById: string;
            /** Format: uuid */
            id: string;
            lead: components["schemas"]["SurveyLeadDto"];
            /** Format: uuid */
            leadId: string;
            /** @description The active primary team (holds the booking); null after it declined with no backup. */
            primaryTeam: components["schemas"]["TeamSummaryDto"] | null;
            report: components["schemas"]["SurveyReportResponseDto"] | null;
            /**
             * Format: date
             * @description Calendar date in India.
             */
            scheduledDate: string;
            scheduledTimeSlot: components["schemas"]["TimeSlot"];
            status: components["schemas"]["SurveyStatus"];
            /** @description Human-readable, `SRV-2026-000123`. */
            surveyId: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Optimistic-lock version; the ETag is `W/"<version>"`. */
            version: number;
        };
        /** @enum {string} */
        SurveyStatus: "scheduled" | "in_progress" | "rescheduled" | "submitted" | "approved" | "rejected" | "cancelled";
        TagCountDto: {
            count: number;
            tag: string;
        };
        TeamMemberResponseDto: {
            email: string;
            fullName: string;
            /** @description False when the account is deactivated. */
            isActive: boolean;
            isLead: boolean;
            /** @description E.164. */
            phone: string | null;
            /** Format: uuid */
            userId: string;
        };
        TeamPageDto: {
            data: components["schemas"]["TeamResponseDto"][];
            /** @description Opaque cursor of the next page; null on the last page. */
            nextCursor: string | null;
            /** @description Every match, only with `withTotal=true`. */
            total?: number;
        };
        TeamResponseDto: {
            city: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            isActive: boolean;
            /** @description Members, the lead first, then by name. */
            members: components["schemas"]["TeamMemberResponseDto"][];
            name: string;
            state: string;
            /** Format: date-time */
            updatedAt: string;
        };
        TeamScheduleDto: {
            /** @description One entry per day from `from` to `to`. */
            days: components["schemas"]["ScheduleDayDto"][];
            /** Format: date */
            from: string;
            team: components["schemas"]["TeamSummaryDto"];
            /** Format: date */
            to: string;
        };
        TeamSummaryDto: {
            city: string;
            /** Format: uuid */
            id: string;
            isActive: boolean;
            name: string;
        };
        TechnicianSummaryDto: {
            email: string;
            fullName: string;
            /** @description The user's id, as `userId` of `POST /teams/{id}/members`. */
            id: string;
        };
        /** @enum {string} */
        TimeSlot: "09-12" | "12-15" | "15-18";
        TokenPairDto: {
            /** @description JWT to send as `Authorization: Bearer …`. */
            accessToken: string;
            /** @description Access-token lifetime in seconds. */
            expiresIn: number;
            /** @description Opaque token for `POST /auth/refresh`; rotated on every use. */
            refreshToken: string;
            tokenType: components["schemas"]["TokenType"];
        };
        /** @enum {string} */
        TokenType: "Bearer";
        UpdateAssignmentDto: {
            /** @description Why, for the timeline. */
            reason?: string;
            /**
             * @description `accepted` or `declined` (a member of the team), `cancelled` (Central Ops).
             * @enum {string}
             */
            status: "accepted" | "declined" | "cancelled";
        };
        UpdateClosingReasonDto: {
            appliesTo?: ("cancelled" | "on_hold")[];
            /** @description false retires the reason: leads keep it, new transitions may no longer give it. */
            isActive?: boolean;
            label?: string;
        };
        UpdateInstallationDto: {
            /** @description The customer confirmed the date and slot (reset by a reschedule). */
            customerConfirmed?: boolean;
        };
        UpdateLeadDto: {
            addressLine1?: string;
            addressLine2?: string;
            /**
             * Format: uuid
             * @description A Central Ops user; null unassigns.
             */
            assignedToId?: string | null;
            chargerModel?: string | null;
            city?: string;
            /** Format: email */
            customerEmail?: string | null;
            customerName?: string;
            customerPhone?: string;
            introCallCompleted?: boolean;
            latitude?: number | null;
            longitude?: number | null;
            pincode?: string;
            sourceId?: number;
            state?: string;
        };
        UpdateLeadSourceDto: {
            name?: string;
            /**
             * Format: uuid
             * @description Set to null to detach the source from its OEM.
             */
            oemId?: string | null;
            sourceType?: components["schemas"]["SourceType"];
        };
        UpdateTeamDto: {
            city?: string;
            /** @description `false` deactivates the team; refused (409) while it is assigned to an open survey. */
            isActive?: boolean;
            name?: string;
            state?: string;
        };
        UpdateUserDto: {
            fullName?: string;
            /** @description Deactivated accounts cannot sign in and their tokens and API keys stop working. */
            isActive?: boolean;
            /** @description Sets a new password (at least 10 characters). */
            password?: string;
            phone?: string;
        };
        UpdateWebhookSubscriptionDto: {
            /** @description true re-enables a subscription the server disabled (its held-back deliveries then go out in order); false pauses it. */
            active?: boolean;
            description?: string;
            events?: ("lead.created" | "lead.status_changed" | "survey.scheduled" | "survey.completed" | "installation.scheduled" | "installation.completed" | "closure_pack.ready" | "lead.anonymised")[];
            url?: string;
        };
        UserPageDto: {
            data: components["schemas"]["UserResponseDto"][];
            /** @description Opaque cursor of the next page; null on the last page. */
            nextCursor: string | null;
            /** @description Every match, only with `withTotal=true`. */
            total?: number;
        };
        UserResponseDto: {
            /** Format: date-time */
            createdAt: string;
            email: string;
            fullName: string;
            /** Format: uuid */
            id: string;
            isActive: boolean;
            /** @description E.164. */
            phone: string | null;
            role: components["schemas"]["Role"];
            /** Format: date-time */
            updatedAt: string;
        };
        UserSummaryDto: {
            fullName: string;
            /** Format: uuid */
            id: string;
        };
        VerifyClosurePackSignatureDto: {
            /**
             * Format: base64
             * @description manifest.json's bytes, exactly as in the ZIP, base64 (e.g. `base64 -w0 manifest.json`).
             */
            manifest: string;
            /**
             * Format: base64
             * @description manifest.sig's 64 bytes, base64 (e.g. `base64 -w0 manifest.sig`).
             */
            signature: string;
        };
        WebhookDeliveryPageDto: {
            data: components["schemas"]["WebhookDeliveryResponseDto"][];
            nextCursor: string | null;
            total?: number;
        };
        WebhookDeliveryResponseDto: {
            attempts: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            deliveredAt: string | null;
            /** @enum {string} */
            eventType: "lead.created" | "lead.status_changed" | "survey.scheduled" | "survey.completed" | "installation.scheduled" | "installation.completed" | "closure_pack.ready" | "lead.anonymised" | "webhook.test";
            id: string;
            /** Format: date-time */
            lastAttemptAt: string | null;
            /** @description Why the last attempt failed (timeout, refused address, "answered 500"). */
            lastError: string | null;
            /** @description The receiver's last HTTP status; null before the first attempt or when no answer came. */
            lastResponseCode: number | null;
            leadId: string | null;
            /**
             * Format: date-time
             * @description When it is tried next; null once delivered or failed.
             */
            nextAttemptAt: string | null;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed" | "skipped";
            subscriptionId: string;
            /** @description The `webhook-id` header it is sent with, the same on every attempt. */
            webhookId: string;
        };
        WebhookSubscriptionPageDto: {
            data: components["schemas"]["WebhookSubscriptionResponseDto"][];
            nextCursor: string | null;
            total?: number;
        };
        WebhookSubscriptionResponseDto: {
            active: boolean;
            /** Format: date-time */
            createdAt: string;
            description: string | null;
            /**
             * @description Why the server disabled it: `gone` (410 from the receiver) or `failing`; null otherwise.
             * @enum {string|null}
             */
            disabledReason: "gone" | "failing" | null;
            events: ("lead.created" | "lead.status_changed" | "survey.scheduled" | "survey.completed" | "installation.scheduled" | "installation.completed" | "closure_pack.ready" | "lead.anonymised")[];
            /**
             * Format: date-time
             * @description Start of the current run of failures; null while deliveries succeed.
             */
            failingSince: string | null;
            id: string;
            oemId: string;
            /**
             * Format: date-time
             * @description Until when the secret replaced by the last rotation still signs deliveries, beside the current
             *     one (24 h after the rotation; a past time once over); null if the secret was never rotated.
             *     That secret itself is never returned.
             */
            previousSecretExpiresAt: string | null;
            /** Format: date-time */
            updatedAt: string;
            url: string;
        };
        WebhookSubscriptionWithSecretDto: {
            active: boolean;
            /** Format: date-time */
            createdAt: string;
            description: string | null;
            /**
             * @description Why the server disabled it: `gone` (410 from the receiver) or `failing`; null otherwise.
             * @enum {string|null}
             */
            disabledReason: "gone" | "failing" | null;
            events: ("lead.created" | "lead.status_changed" | "survey.scheduled" | "survey.completed" | "installation.scheduled" | "installation.completed" | "closure_pack.ready" | "lead.anonymised")[];
            /**
             * Format: date-time
             * @description Start of the current run of failures; null while deliveries succeed.
             */
            failingSince: string | null;
            id: string;
            oemId: string;
            /**
             * Format: date-time
             * @description Until when the secret replaced by the last rotation still signs deliveries, beside the current
             *     one (24 h after the rotation; a past time once over); null if the secret was never rotated.
             *     That secret itself is never returned.
             */
            previousSecretExpiresAt: string | null;
            /** @description Standard Webhooks signing secret, `whsec_` + base64 of 32 random bytes. Shown once: store it. */
            secret: string;
            /** Format: date-time */
            updatedAt: string;
            url: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    AuditEvents_list: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                entityType?: components["schemas"]["AuditEntityType"];
                action?: components["schemas"]["AuditAction"];
                /**
                 * @description Occurred at or after this instant (ISO 8601): a date `YYYY-MM-DD` (midnight UTC), or a
                 *     date-time, UTC unless it ends in `Z` or an offset such as `+05:30`.
                 */
                from?: string;
                /** @description Occurred before this instant, in the forms of `from`. */
                to?: string;
                /** @description Changes made by this user. */
                actorId?: string;
                /** @description The changed record's id (a lead source's is its number). */
                entityId?: string;
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: string;
                /** @description Also count every match (costs a second query). */
                withTotal?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEventPageDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Auth_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPairDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Wrong email or password, or the account is inactive */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Too many failed attempts for this account or from this address; `Retry-After` says when to try again */
            429: {
                headers: {
                    /** @description Seconds until the lockout ends (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Auth_logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem, field_technician */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Auth_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserResponseDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Auth_changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePasswordDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPairDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /**
             * @description The current password is wrong (`AUTH_CURRENT_PASSWORD_WRONG`), or the caller used an API key (`AUTH_SESSION_REQUIRED`)
             *
             *     Allowed roles: admin, central_ops, oem, field_technician
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Too many wrong current passwords; `Retry-After` says when to try again */
            429: {
                headers: {
                    /** @description Seconds until the lockout ends (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Auth_refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPairDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The refresh token is invalid, expired, revoked or was already used */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Too many failed refreshes from this address; `Retry-After` says when to try again */
            429: {
                headers: {
                    /** @description Seconds until the lockout ends (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    ClosingReasons_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClosingReasonResponseDto"][];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    ClosingReasons_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateClosingReasonDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClosingReasonResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Code already taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    ClosingReasons_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateClosingReasonDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClosingReasonResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such closing reason */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Retiring `other`, or narrowing its statuses (`CLOSING_REASON_FALLBACK`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    ClosurePackVerification_signingKey: {
        parameters: {
            query?: {
                /** @description A key id (SHA-256 of the key's SPKI DER, 64 hex digits, either case), e.g. manifest.json's `keyId`. */
                keyId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The public key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-pem-file": string;
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No key of this server has this id (`CLOSURE_PACK_KEY_NOT_FOUND`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    ClosurePackVerification_signingKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClosurePackSigningKeysDto"];
                };
            };
        };
    };
    ClosurePackVerification_verify: {
        parameters: {
            query?: {
                /** @description SHA-256 (64 hex digits, either case) of a pack's ZIP or of its manifest.json. */
                sha256?: string;
                /** @description The pack id printed in summary.pdf's footer (and encoded in its QR code). */
                packId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClosurePackVerificationDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    ClosurePackVerification_verifySignature: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerifyClosurePackSignatureDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClosurePackSignatureVerificationDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Health_check: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The database answers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthResponseDto"];
                };
            };
            /** @description A dependency is down, or the server is shutting down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Health_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process runs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthResponseDto"];
                };
            };
            /** @description The server is shutting down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Health_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The database and the file storage answer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthResponseDto"];
                };
            };
            /** @description The database or the file storage is down, or the server is shutting down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Installations_list: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description Scheduled on or after this date (`YYYY-MM-DD`). */
                from?: string;
                /** @description Scheduled on or before this date (`YYYY-MM-DD`). */
                to?: string;
                /** @description Repeatable: `?status=confirmed&status=in_progress`. */
                status?: components["schemas"]["InstallationStatus"][];
                /** @description Jobs this team is (or was, if completed) assigned to as primary or backup. */
                teamId?: string;
                leadId?: string;
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: string;
                /** @description Also count every match (costs a second query). */
                withTotal?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstallationPageDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, field_technician */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Installations_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    /** @description The installation version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstallationResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, field_technician */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such installation visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Installations_update: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the last read (`W/"<version>"`); a stale one answers 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateInstallationDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    /** @description The installation version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstallationResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such installation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The installation is confirmed or further along */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description If-Match is stale */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Installations_assign: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the last read (`W/"<version>"`); a stale one answers 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAssignmentDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    /** @description The installation version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstallationResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such installation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Work has started, the team already holds that role, is inactive or booked in the slot (`code`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description If-Match is stale */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Installations_updateAssignment: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the last read (`W/"<version>"`); a stale one answers 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
                assignmentId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateAssignmentDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssignmentResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /**
             * @description Not a member of the team, or a status the role may not set
             *
             *     Allowed roles: admin, central_ops, field_technician
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such installation visible to the caller, or no such assignment */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Work has started, the assignment has ended, or the backup cannot take the slot (`code`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description If-Match is stale */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    ClosurePacks_generate: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the last read (`W/"<version>"`); a stale one answers 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    /** @description The installation version, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstallationResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such installation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No successful report yet, already closed, the lead is not in installation_completed, a stored file is missing or altered (`code`, `file`), or the installation (`INSTALLATION_CHANGED`) or the lead's details or documents (`LEAD_CHANGED`) changed while the pack was built */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description If-Match is stale */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The stored customer signature does not decode as an image (`CLOSURE_PACK_FILE_UNREADABLE`, `file`); submit the report again with a new one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    ClosurePacks_content: {
        parameters: {
            query?: never;
            header?: {
                /** @description One byte range, e.g. `bytes=0-1023`, `bytes=1024-` or `bytes=-500` */
                range?: string;
                /** @description The ETag the client holds; the range is served only while it is current */
                "if-range"?: string;
                /** @description The ETag the client holds; 304 while it is current */
                "if-none-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The ZIP */
            200: {
                headers: {
                    /** @description `bytes` */
                    "Accept-Ranges"?: string;
                    /** @description attachment; `closure-pack-INS-….zip` */
                    "Content-Disposition"?: string;
                    /** @description The SHA-256 of the ZIP, `"<hex>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": string;
                };
            };
            /** @description The requested byte range */
            206: {
                headers: {
                    /** @description `bytes` */
                    "Accept-Ranges"?: string;
                    /** @description attachment; `closure-pack-INS-….zip` */
                    "Content-Disposition"?: string;
                    /** @description `bytes <first>-<last>/<size>` */
                    "Content-Range"?: string;
                    /** @description The SHA-256 of the ZIP, `"<hex>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": string;
                };
            };
            /** @description If-None-Match names the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No pack yet, or the installation is another OEM's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The retention policy deleted the file (`FILE_PURGED`, naming `fileId`) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The range starts beyond the end of the file */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    InstallationMedia_list: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: string;
                /** @description Also count every match (costs a second query). */
                withTotal?: boolean;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaPageDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, field_technician */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such installation visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    InstallationMedia_upload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** @description What the photo or video shows */
                    caption?: string;
                    /**
                     * Format: binary
                     * @description A photo (image/jpeg, image/png, image/heic, image/heif, image/webp; at most 15 MB) or a video (video/mp4, video/quicktime, video/3gpp, video/webm; at most 200 MB). The type, and so mediaType, is sniffed from the bytes.
                     */
                    file: string;
                };
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaResponseDto"];
                };
            };
            /** @description The file part is missing, empty or not multipart, or a field is invalid; `errors` names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /**
             * @description Not a member of the primary team
             *
             *     Allowed roles: field_technician
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such installation visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The installation is not in progress or completed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The photo or video is larger than its limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The sniffed type is neither an allowed photo nor video type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The photo does not decode to its end (`IMAGE_UNDECODABLE`) or is over 50 megapixels / 200 MB decoded (`IMAGE_TOO_LARGE`); `errors` names `file` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    InstallationMedia_content: {
        parameters: {
            query?: never;
            header?: {
                /** @description One byte range, e.g. `bytes=0-1023`, `bytes=1024-` or `bytes=-500` */
                range?: string;
                /** @description The ETag the client holds; the range is served only while it is current */
                "if-range"?: string;
                /** @description The ETag the client holds; 304 while it is current */
                "if-none-match"?: string;
            };
            path: {
                id: string;
                mediaId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The whole file, with its sniffed Content-Type */
            200: {
                headers: {
                    /** @description `bytes` */
                    "Accept-Ranges"?: string;
                    /** @description attachment, with the sanitised original name */
                    "Content-Disposition"?: string;
                    /** @description The SHA-256 of the content, `"<hex>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description The requested byte range */
            206: {
                headers: {
                    /** @description `bytes` */
                    "Accept-Ranges"?: string;
                    /** @description attachment, with the sanitised original name */
                    "Content-Disposition"?: string;
                    /** @description `bytes <first>-<last>/<size>` */
                    "Content-Range"?: string;
                    /** @description The SHA-256 of the content, `"<hex>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description If-None-Match names the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, field_technician */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such installation or media visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The retention policy deleted the file (`FILE_PURGED`, naming `fileId`) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The range starts beyond the end of the file */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Installations_submitReport: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the last read (`W/"<version>"`); a stale one answers 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    chargerModel: string;
                    /** @description As printed on the charger: letters, digits, space, `-`, `/`, `.`, `_` */
                    chargerSerialNumber: string;
                    /**
                     * @description Default `false`
                     * @enum {string}
                     */
                    demoGiven?: "true" | "false";
                    generalNotes?: string;
                    /** @enum {string} */
                    installationSuccessful: "true" | "false";
                    /** @description Required when installationSuccessful is `false` */
                    issuesEncountered?: string;
                    /**
                     * Format: binary
                     * @description The customer's signature, PNG or JPEG (sniffed), at most 15 MB; required when installationSuccessful is `true`
                     */
                    signature?: string;
                };
            };
        };
        responses: {
            200: {
                headers: {
                    /** @description The installation version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstallationResponseDto"];
                };
            };
            /** @description A field is invalid or missing (the signature on success, issuesEncountered on failure); `errors` names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /**
             * @description Not a member of the primary team
             *
             *     Allowed roles: field_technician
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such installation visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Not completed, the lead is not in installation_scheduled, or another report or change won the race (`code`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description If-Match is stale */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The signature is larger than the photo limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The signature is not a PNG or JPEG image */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The signature does not decode (`IMAGE_UNDECODABLE`) or is too large decoded (`IMAGE_TOO_LARGE`); `errors` names `signature` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Installations_signature: {
        parameters: {
            query?: never;
            header?: {
                /** @description One byte range, e.g. `bytes=0-1023`, `bytes=1024-` or `bytes=-500` */
                range?: string;
                /** @description The ETag the client holds; the range is served only while it is current */
                "if-range"?: string;
                /** @description The ETag the client holds; 304 while it is current */
                "if-none-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The whole file, with its sniffed Content-Type */
            200: {
                headers: {
                    /** @description `bytes` */
                    "Accept-Ranges"?: string;
                    /** @description attachment, with the sanitised original name */
                    "Content-Disposition"?: string;
                    /** @description The SHA-256 of the content, `"<hex>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description The requested byte range */
            206: {
                headers: {
                    /** @description `bytes` */
                    "Accept-Ranges"?: string;
                    /** @description attachment, with the sanitised original name */
                    "Content-Disposition"?: string;
                    /** @description `bytes <first>-<last>/<size>` */
                    "Content-Range"?: string;
                    /** @description The SHA-256 of the content, `"<hex>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description If-None-Match names the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, field_technician */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such installation visible to the caller, or its report has no signature (`INSTALLATION_SIGNATURE_NOT_FOUND`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The retention policy deleted the file (`FILE_PURGED`, naming `fileId`) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The range starts beyond the end of the file */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Installations_reschedule: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the last read (`W/"<version>"`); a stale one answers 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RescheduleInstallationDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    /** @description The installation version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstallationResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such installation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Not allowed in the current status, same slot, slot in the past or taken (`code`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description If-Match is stale */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Installations_transition: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the last read (`W/"<version>"`); a stale one answers 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InstallationTransitionDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    /** @description The installation version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstallationResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /**
             * @description The other role's target, or not a member of the primary team
             *
             *     Allowed roles: admin, central_ops, field_technician
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such installation visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Not allowed from the current status (`allowedTargets` lists what is), or `confirmed` preconditions are `missing` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description If-Match is stale */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    LeadImports_list: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: string;
                /** @description Also count every match (costs a second query). */
                withTotal?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadImportPageDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    LeadImports_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["LeadImportUploadDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadImportAcceptedDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description More rows than IMPORT_MAX_ROWS or bytes than IMPORT_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    LeadImports_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadImportResponseDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such import visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    LeadSources_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadSourceResponseDto"][];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    LeadSources_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateLeadSourceDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadSourceResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Name already taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    LeadSources_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateLeadSourceDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadSourceResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such source */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Name already taken (`LEAD_SOURCE_NAME_TAKEN`), or a change to the default source's name, type or OEM (`LEAD_SOURCE_DEFAULT`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Leads_list: {
        parameters: {
            query?: {
                /** @description Repeatable: `?status=new&status=contacted`. */
                status?: components["schemas"]["LeadStatus"][];
                sourceId?: number;
                pincode?: string;
                /**
                 * @description Created at or after this instant (ISO 8601): a date `YYYY-MM-DD` (midnight UTC), or a
                 *     date-time `YYYY-MM-DDTHH:MM[:SS[.fraction]]`, UTC unless it ends in `Z` or an offset such as
                 *     `+05:30`; years 0001–9999.
                 */
                createdFrom?: string;
                /** @description Created before this instant, in the forms of `createdFrom`. */
                createdTo?: string;
                /**
                 * @description Changed at or after this instant, in the forms of `createdFrom`: the leads changed since an
                 *     OEM's last sync. With it the answer runs oldest change first, paged on (updatedAt, id), so the
                 *     last `updatedAt` seen is the next sync's `updatedFrom`.
                 */
                updatedFrom?: string;
                /** @description `true`: only leads past their stage SLA (`sla.overdue`); `false`: only open leads within it. */
                overdue?: boolean;
                /** @description Repeatable: leads carrying every tag named (`?tag=vip&tag=callback`). */
                tag?: string[];
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description An OEM caller always sees its own leads only: naming another OEM finds nothing. */
                oemId?: string;
                assignedToId?: string;
                /** @description Exact city as stored. */
                city?: string;
                /** @description State name or ISO 3166-2 code. */
                state?: string;
                /** @description Free text: part of the customer name, or an exact phone number, email or externalRef. */
                q?: string;
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: string;
                /** @description Also count every match (costs a second query). */
                withTotal?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadPageDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Leads_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateLeadDto"];
            };
        };
        responses: {
            /** @description Replay of an earlier identical request */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadResponseDto"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description externalRef reused with different data, or a rejected duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    LeadExport_export: {
        parameters: {
            query?: {
                /** @description Repeatable: `?status=new&status=contacted`. */
                status?: components["schemas"]["LeadStatus"][];
                sourceId?: number;
                pincode?: string;
                /**
                 * @description Created at or after this instant (ISO 8601): a date `YYYY-MM-DD` (midnight UTC), or a
                 *     date-time `YYYY-MM-DDTHH:MM[:SS[.fraction]]`, UTC unless it ends in `Z` or an offset such as
                 *     `+05:30`; years 0001–9999.
                 */
                createdFrom?: string;
                /** @description Created before this instant, in the forms of `createdFrom`. */
                createdTo?: string;
                /**
                 * @description Changed at or after this instant, in the forms of `createdFrom`: the leads changed since an
                 *     OEM's last sync. With it the answer runs oldest change first, paged on (updatedAt, id), so the
                 *     last `updatedAt` seen is the next sync's `updatedFrom`.
                 */
                updatedFrom?: string;
                /** @description `true`: only leads past their stage SLA (`sla.overdue`); `false`: only open leads within it. */
                overdue?: boolean;
                /** @description Repeatable: leads carrying every tag named (`?tag=vip&tag=callback`). */
                tag?: string[];
                /**
                 * @description `true`: the file starts with a UTF-8 byte order mark (the bytes EF BB BF), so that Excel on
                 *     Windows opens it as UTF-8 (without one it reads the file in the computer's code page, and
                 *     Devanagari or Tamil names show as mojibake); the rest of the file is the same bytes. Absent or
                 *     `false`: no BOM (RFC 4180 has none, and a program that does not expect one reads it into the
                 *     first column's name). The import skips a BOM. Excel still turns phones and digit-only
                 *     references into numbers when it opens a CSV (`+919812345678` → 9.19812E+11, `000123` → 123):
                 *     open the file with Data › From Text/CSV and make those columns Text.
                 */
                bom?: boolean;
                /** @description An OEM caller always sees its own leads only: naming another OEM finds nothing. */
                oemId?: string;
                assignedToId?: string;
                /** @description Exact city as stored. */
                city?: string;
                /** @description State name or ISO 3166-2 code. */
                state?: string;
                /** @description Free text: part of the customer name, or an exact phone number, email or externalRef. */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV, one row per lead */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Leads_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    /** @description The lead version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadResponseDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such lead visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Leads_update: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the last read (`W/"<version>"`); a stale one answers 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateLeadDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    /** @description The lead version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such lead */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The lead is closed or cancelled (`LEAD_FINAL`), or, without If-Match, another request changed it meanwhile (`LEAD_CHANGED`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description If-Match is stale */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Documents_list: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description Only documents of this type. */
                documentType?: components["schemas"]["DocumentType"];
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: string;
                /** @description Also count every match (costs a second query). */
                withTotal?: boolean;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadDocumentPageDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such lead visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Documents_upload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * @description What the file is; decides the allowed types
                     * @enum {string}
                     */
                    documentType: "electricity_bill" | "location_photo" | "electrician_contact" | "other";
                    /**
                     * Format: binary
                     * @description The file, at most 10 MB by default. Its type is sniffed from the bytes (the client's Content-Type and file name are ignored); allowed per documentType: `electricity_bill`: PDF, JPEG, PNG, HEIC; `location_photo`: JPEG, PNG, HEIC, WebP; `electrician_contact`: PDF, JPEG, PNG, plain text, vCard; `other`: PDF, JPEG, PNG, HEIC, WebP.
                     */
                    file: string;
                    /** @description Optional notes about the document */
                    notes?: string;
                };
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadDocumentResponseDto"];
                };
            };
            /** @description The file part is missing, empty or not multipart, or a field is invalid; `errors` names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such lead visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The lead is closed or cancelled */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The file is larger than the documents limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The sniffed type is not allowed for this documentType */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Documents_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                documentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such lead or document */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Documents_content: {
        parameters: {
            query?: never;
            header?: {
                /** @description One byte range, e.g. `bytes=0-1023`, `bytes=1024-` or `bytes=-500` */
                range?: string;
                /** @description The ETag the client holds; the range is served only while it is current */
                "if-range"?: string;
                /** @description The ETag the client holds; 304 while it is current */
                "if-none-match"?: string;
            };
            path: {
                id: string;
                documentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The whole file, with its sniffed Content-Type */
            200: {
                headers: {
                    /** @description `bytes` */
                    "Accept-Ranges"?: string;
                    /** @description attachment, with the sanitised original name as `filename` and `filename*` */
                    "Content-Disposition"?: string;
                    /** @description The SHA-256 of the content, `"<hex>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description The requested byte range */
            206: {
                headers: {
                    /** @description `bytes` */
                    "Accept-Ranges"?: string;
                    /** @description attachment, with the sanitised original name as `filename` and `filename*` */
                    "Content-Disposition"?: string;
                    /** @description `bytes <first>-<last>/<size>` */
                    "Content-Range"?: string;
                    /** @description The SHA-256 of the content, `"<hex>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description If-None-Match names the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such lead or document visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The retention policy deleted the file (`FILE_PURGED`, naming `fileId`) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The range starts beyond the end of the file */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Leads_events: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: string;
                /** @description Also count every match (costs a second query). */
                withTotal?: boolean;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadEventPageDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such lead visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    LeadSurveys_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSurveyDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    /** @description The survey version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SurveyResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such lead */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The lead is not in documents_received, a team is inactive, or the slot is in the past or taken (`code`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    LeadTags_replace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetLeadTagsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such lead */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Leads_transition: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the last read (`W/"<version>"`); a stale one answers 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LeadTransitionDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    /** @description The lead version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such lead */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Not allowed from the current status; `allowed` lists the targets */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description If-Match is stale */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Oems_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OemSummaryDto"][];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    LeadReports_funnel: {
        parameters: {
            query?: {
                /** @description Repeatable: `?status=new&status=contacted`. */
                status?: components["schemas"]["LeadStatus"][];
                sourceId?: number;
                pincode?: string;
                /**
                 * @description Created at or after this instant (ISO 8601): a date `YYYY-MM-DD` (midnight UTC), or a
                 *     date-time `YYYY-MM-DDTHH:MM[:SS[.fraction]]`, UTC unless it ends in `Z` or an offset such as
                 *     `+05:30`; years 0001–9999.
                 */
                createdFrom?: string;
                /** @description Created before this instant, in the forms of `createdFrom`. */
                createdTo?: string;
                /**
                 * @description Changed at or after this instant, in the forms of `createdFrom`: the leads changed since an
                 *     OEM's last sync. With it the answer runs oldest change first, paged on (updatedAt, id), so the
                 *     last `updatedAt` seen is the next sync's `updatedFrom`.
                 */
                updatedFrom?: string;
                /** @description `true`: only leads past their stage SLA (`sla.overdue`); `false`: only open leads within it. */
                overdue?: boolean;
                /** @description Repeatable: leads carrying every tag named (`?tag=vip&tag=callback`). */
                tag?: string[];
                /** @description `month` is the month the lead was created in, in India (IST), `YYYY-MM`. */
                groupBy?: "none" | "oem" | "state" | "month";
                /** @description An OEM caller always sees its own leads only: naming another OEM finds nothing. */
                oemId?: string;
                assignedToId?: string;
                /** @description Exact city as stored. */
                city?: string;
                /** @description State name or ISO 3166-2 code. */
                state?: string;
                /** @description Free text: part of the customer name, or an exact phone number, email or externalRef. */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadFunnelDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    LeadReports_summary: {
        parameters: {
            query?: {
                /** @description Repeatable: `?status=new&status=contacted`. */
                status?: components["schemas"]["LeadStatus"][];
                sourceId?: number;
                pincode?: string;
                /**
                 * @description Created at or after this instant (ISO 8601): a date `YYYY-MM-DD` (midnight UTC), or a
                 *     date-time `YYYY-MM-DDTHH:MM[:SS[.fraction]]`, UTC unless it ends in `Z` or an offset such as
                 *     `+05:30`; years 0001–9999.
                 */
                createdFrom?: string;
                /** @description Created before this instant, in the forms of `createdFrom`. */
                createdTo?: string;
                /**
                 * @description Changed at or after this instant, in the forms of `createdFrom`: the leads changed since an
                 *     OEM's last sync. With it the answer runs oldest change first, paged on (updatedAt, id), so the
                 *     last `updatedAt` seen is the next sync's `updatedFrom`.
                 */
                updatedFrom?: string;
                /** @description `true`: only leads past their stage SLA (`sla.overdue`); `false`: only open leads within it. */
                overdue?: boolean;
                /** @description Repeatable: leads carrying every tag named (`?tag=vip&tag=callback`). */
                tag?: string[];
                /** @description An OEM caller always sees its own leads only: naming another OEM finds nothing. */
                oemId?: string;
                assignedToId?: string;
                /** @description Exact city as stored. */
                city?: string;
                /** @description State name or ISO 3166-2 code. */
                state?: string;
                /** @description Free text: part of the customer name, or an exact phone number, email or externalRef. */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadSummaryDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Surveys_list: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description Scheduled on or after this date (`YYYY-MM-DD`). */
                from?: string;
                /** @description Scheduled on or before this date (`YYYY-MM-DD`). */
                to?: string;
                /** @description Repeatable: `?status=scheduled&status=rescheduled`. */
                status?: components["schemas"]["SurveyStatus"][];
                /** @description Jobs this team is (or was, if completed) assigned to as primary or backup. */
                teamId?: string;
                leadId?: string;
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: string;
                /** @description Also count every match (costs a second query). */
                withTotal?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SurveyPageDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, field_technician */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Surveys_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    /** @description The survey version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SurveyResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, field_technician */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such survey visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Surveys_approve: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the last read (`W/"<version>"`); a stale one answers 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApproveSurveyDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    /** @description The survey version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SurveyResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such survey */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Not submitted, or the lead is not in survey_scheduled (e.g. on hold) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description If-Match is stale */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Surveys_assign: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the last read (`W/"<version>"`); a stale one answers 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAssignmentDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    /** @description The survey version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SurveyResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such survey */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Work has started, the team already holds that role, is inactive or booked in the slot (`code`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description If-Match is stale */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Surveys_updateAssignment: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the last read (`W/"<version>"`); a stale one answers 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
                assignmentId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateAssignmentDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssignmentResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /**
             * @description Not a member of the team, or a status the role may not set
             *
             *     Allowed roles: admin, central_ops, field_technician
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such survey visible to the caller, or no such assignment */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Work has started, the assignment has ended, or the backup cannot take the slot (`code`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description If-Match is stale */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Surveys_cancel: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the last read (`W/"<version>"`); a stale one answers 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SurveyReasonDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    /** @description The survey version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SurveyResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such survey */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Already approved, rejected or cancelled */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description If-Match is stale */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SurveyInstallation_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateInstallationDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    /** @description The installation version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstallationResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such survey */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The survey already has an installation or is not approved, the lead is not in survey_completed, a team is inactive, or the slot is in the past or taken (`code`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SurveyMedia_list: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: string;
                /** @description Also count every match (costs a second query). */
                withTotal?: boolean;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaPageDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, field_technician */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such survey visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SurveyMedia_upload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** @description What the photo or video shows */
                    caption?: string;
                    /**
                     * Format: binary
                     * @description A photo (image/jpeg, image/png, image/heic, image/heif, image/webp; at most 15 MB) or a video (video/mp4, video/quicktime, video/3gpp, video/webm; at most 200 MB). The type, and so mediaType, is sniffed from the bytes.
                     */
                    file: string;
                };
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaResponseDto"];
                };
            };
            /** @description The file part is missing, empty or not multipart, or a field is invalid; `errors` names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /**
             * @description Not a member of the primary team
             *
             *     Allowed roles: field_technician
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such survey visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The survey is not in progress or submitted */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The photo or video is larger than its limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The sniffed type is neither an allowed photo nor video type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The photo does not decode to its end (`IMAGE_UNDECODABLE`) or is over 50 megapixels / 200 MB decoded (`IMAGE_TOO_LARGE`); `errors` names `file` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SurveyMedia_content: {
        parameters: {
            query?: never;
            header?: {
                /** @description One byte range, e.g. `bytes=0-1023`, `bytes=1024-` or `bytes=-500` */
                range?: string;
                /** @description The ETag the client holds; the range is served only while it is current */
                "if-range"?: string;
                /** @description The ETag the client holds; 304 while it is current */
                "if-none-match"?: string;
            };
            path: {
                id: string;
                mediaId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The whole file, with its sniffed Content-Type */
            200: {
                headers: {
                    /** @description `bytes` */
                    "Accept-Ranges"?: string;
                    /** @description attachment, with the sanitised original name */
                    "Content-Disposition"?: string;
                    /** @description The SHA-256 of the content, `"<hex>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description The requested byte range */
            206: {
                headers: {
                    /** @description `bytes` */
                    "Accept-Ranges"?: string;
                    /** @description attachment, with the sanitised original name */
                    "Content-Disposition"?: string;
                    /** @description `bytes <first>-<last>/<size>` */
                    "Content-Range"?: string;
                    /** @description The SHA-256 of the content, `"<hex>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description If-None-Match names the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, field_technician */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such survey or media visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The retention policy deleted the file (`FILE_PURGED`, naming `fileId`) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The range starts beyond the end of the file */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Surveys_reject: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the last read (`W/"<version>"`); a stale one answers 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SurveyReasonDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    /** @description The survey version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SurveyResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such survey */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Not submitted */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description If-Match is stale */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Surveys_submitReport: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the last read (`W/"<version>"`); a stale one answers 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SurveyReportDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    /** @description The survey version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SurveyResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /**
             * @description Not a member of the primary team
             *
             *     Allowed roles: field_technician
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such survey visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Not allowed in the current status */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description If-Match is stale */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Surveys_reschedule: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the last read (`W/"<version>"`); a stale one answers 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RescheduleSurveyDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    /** @description The survey version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SurveyResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such survey */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Not allowed in the current status, or the slot is unchanged, in the past or taken (`code`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description If-Match is stale */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Surveys_start: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the last read (`W/"<version>"`); a stale one answers 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    /** @description The survey version as a weak ETag, `W/"<version>"` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SurveyResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /**
             * @description Not a member of the primary team
             *
             *     Allowed roles: field_technician
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such survey visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Not allowed in the current status, or no primary team */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description If-Match is stale */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    LeadTags_inUse: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TagCountDto"][];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Teams_list: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                isActive?: boolean;
                city?: string;
                /** @description State name or ISO 3166-2 code. */
                state?: string;
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: string;
                /** @description Also count every match (costs a second query). */
                withTotal?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamPageDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, field_technician */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Teams_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTeamDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description A team with this name exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Teams_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, field_technician */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such team visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Teams_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateTeamDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such team */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Name taken, or deactivating a team assigned to open surveys */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Teams_addMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddTeamMemberDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such team */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Teams_removeMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such team, or the user is not a member */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Teams_schedule: {
        parameters: {
            query?: {
                /** @description First day (`YYYY-MM-DD`); defaults to today in India. */
                from?: string;
                /** @description Last day (`YYYY-MM-DD`), inclusive; defaults to six days after `from`. */
                to?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamScheduleDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, field_technician */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such team visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Technicians_list: {
        parameters: {
            query?: {
                /** @description Part of the technician's name or e-mail, any case; all active technicians (the first 50 by name) when empty. */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TechnicianSummaryDto"][];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Users_list: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                role?: components["schemas"]["Role"];
                /** @description Exact email (case-insensitive). */
                email?: string;
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: string;
                /** @description Also count every match (costs a second query). */
                withTotal?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPageDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Users_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUserDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Email already taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Users_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such user */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Users_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUserDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such user */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The last active admin cannot be deactivated (`USER_LAST_ADMIN`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Users_listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyResponseDto"][];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such user */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Users_createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKeyDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such user */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The user is not an OEM */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    Users_revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such API key for this user */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WebhookDeliveries_retry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryResponseDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such webhook delivery visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The delivery has not failed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WebhookSubscriptions_list: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: string;
                /** @description Also count every match (costs a second query). */
                withTotal?: boolean;
                /** @description Staff only: the subscriptions of one OEM. */
                oemId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionPageDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WebhookSubscriptions_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookSubscriptionDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionWithSecretDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WebhookSubscriptions_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionResponseDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such webhook subscription visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WebhookSubscriptions_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such webhook subscription visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WebhookSubscriptions_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWebhookSubscriptionDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionResponseDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Not found, or not visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WebhookSubscriptions_deliveries: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: string;
                /** @description Also count every match (costs a second query). */
                withTotal?: boolean;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryPageDto"];
                };
            };
            /** @description Invalid input; `errors` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Not found, or not visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WebhookSubscriptions_rotateSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionWithSecretDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such webhook subscription visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WebhookSubscriptions_test: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryResponseDto"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Allowed roles: admin, central_ops, oem */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such webhook subscription visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The subscription is not active */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
}
