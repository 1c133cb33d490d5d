/**
 * Generated from openapi.json by scripts/openapi.mjs (openapi-typescript). Do not edit:
 * change the controllers or DTOs and run `npm run openapi:generate`.
 */

export interface paths {
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Signs in with email and password. Rate-limited per client address. */
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
    "/api/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Liveness and readiness: 200 when the database answers, 503 otherwise. */
        get: operations["Health_check"];
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
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
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
        CreateApiKeyDto: {
            /** @description A label for the key, e.g. the integration that uses it. */
            name: string;
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
        FieldErrorDto: {
            /** @description Dotted path of the offending field. */
            field: string;
            message: string;
        };
        HealthIndicatorDto: {
            /** @description How long the indicator took to answer, in milliseconds. */
            responseTime?: number;
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
            /** Format: uuid */
            actorUserId: string | null;
            /** Format: date-time */
            createdAt: string;
            data: {
                [key: string]: unknown;
            } | null;
            fromStatus: components["schemas"]["LeadStatus"] | null;
            id: number;
            /** Format: uuid */
            leadId: string;
            toStatus: components["schemas"]["LeadStatus"] | null;
            /** @description One of created, status_changed, assigned, updated, duplicate_flagged, note, or a later module's type */
            type: string;
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
            closingReason: string | null;
            /** Format: date-time */
            createdAt: string;
            customerEmail: string | null;
            customerName: string;
            /** @description E.164. */
            customerPhone: string;
            externalRef: string | null;
            /** Format: uuid */
            id: string;
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
            source: components["schemas"]["LeadSourceSummaryDto"];
            sourceId: number;
            state: string;
            status: components["schemas"]["LeadStatus"];
            /** @description Where `resume` returns to while the lead is on hold. */
            statusBeforeHold: components["schemas"]["LeadStatus"] | null;
            /** Format: date-time */
            updatedAt: string;
            /** @description Optimistic-lock version; the ETag is `W/"<version>"`. */
            version: number;
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
        LeadTransitionDto: {
            /** @description Required for `on_hold` and `cancelled`; stored as closingReason. */
            reason?: string;
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
        ProblemDetailsDto: {
            /** @description Stable machine code, e.g. `LEAD_INVALID_TRANSITION`. */
            code: string;
            /** @description What went wrong with this request, in words. */
            detail: string;
            /** @description Present on validation failures. */
            errors?: components["schemas"]["FieldErrorDto"][];
            /** @description The request path. */
            instance: string;
            /** @description Correlates with the server's logs. */
            requestId: string;
            /** @description The HTTP status code. */
            status: number;
            /** @description Short, human-readable summary of the status, e.g. `Not Found`. */
            title: string;
            /** @description A URI identifying the problem type, or `about:blank`. */
            type: string;
        };
        RefreshDto: {
            /** @description The refresh token from the last login or refresh; each one works once. */
            refreshToken: string;
        };
        /** @enum {string} */
        Role: "admin" | "central_ops" | "oem" | "field_technician";
        /** @enum {string} */
        SourceType: "api" | "manual" | "portal";
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
        UpdateUserDto: {
            fullName?: string;
            /** @description Deactivated accounts cannot sign in and their tokens and API keys stop working. */
            isActive?: boolean;
            /** @description Sets a new password (at least 10 characters). */
            password?: string;
            phone?: string;
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
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
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
            /** @description Too many login attempts */
            429: {
                headers: {
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
    Leads_list: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description Repeatable: `?status=new&status=contacted`. */
                status?: components["schemas"]["LeadStatus"][];
                /** @description Ignored for OEM callers, who only ever see their own leads. */
                oemId?: string;
                sourceId?: number;
                assignedToId?: string;
                /** @description Exact city as stored. */
                city?: string;
                /** @description State name or ISO 3166-2 code. */
                state?: string;
                pincode?: string;
                /** @description Created at or after this instant (ISO 8601). */
                createdFrom?: string;
                /** @description Created before this instant (ISO 8601). */
                createdTo?: string;
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
            /** @description The lead is closed or cancelled */
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
}
