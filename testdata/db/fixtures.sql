-- Test instance rows for the database checks, portable between MariaDB (loaded
-- with sql_mode ANSI_QUOTES) and PostgreSQL: double-quoted identifiers,
-- single-quoted strings, TRUE/FALSE literals, UTC datetimes.
-- The settings that go with it: testdata/db/instance/data/ (siteUrl
-- https://crm.example.com, oidcUsernameClaim email, defaultPortalId p-default).
--
-- The portal provider's client secret is a canary: it must never appear in
-- any output.

INSERT INTO "team" ("id", "name", "deleted") VALUES
  ('t-sales', 'Sales', FALSE),
  ('t-support', 'Support', FALSE),
  ('t-old', 'Old Team', TRUE),
  ('t-unmapped', 'Unmapped', FALSE);

INSERT INTO "user" ("id", "deleted", "user_name", "type", "auth_method", "first_name", "last_name", "is_active", "delete_id") VALUES
  ('u-admin', FALSE, 'admin', 'admin', NULL, NULL, 'Admin', TRUE, '0'),
  ('u-itadmin', FALSE, 'it-admin@example.com', 'admin', NULL, 'Ina', 'Admin', TRUE, '0'),
  ('u-super', FALSE, 'root@example.com', 'super-admin', NULL, NULL, 'Root', TRUE, '0'),
  ('u-alice', FALSE, 'alice@example.com', 'regular', NULL, 'Alice', 'Able', TRUE, '0'),
  ('u-bob', FALSE, 'bob', 'regular', NULL, 'Bob', 'Baker', TRUE, '0'),
  ('u-carol', FALSE, 'carol', 'regular', NULL, 'Carol', 'Cole', TRUE, '0'),
  ('u-dave1', FALSE, 'dave smith', 'regular', NULL, 'Dave', 'Smith', TRUE, '0'),
  ('u-dave2', FALSE, 'dave_smith', 'regular', NULL, 'David', 'Smith', TRUE, '0'),
  ('u-erin', FALSE, 'erin.marie.longname-consult@subsidiary.example.com', 'regular', NULL, 'Erin', 'Longname', TRUE, '0'),
  ('u-frank', FALSE, 'frank@example.com', 'regular', NULL, 'Frank', 'Former', FALSE, '0'),
  ('u-pat', FALSE, 'pat@customer.example', 'portal', NULL, 'Pat', 'Portal', TRUE, '0'),
  ('u-api', FALSE, 'api-bot', 'api', 'ApiKey', NULL, 'Bot', TRUE, '0'),
  ('u-system', FALSE, 'system', 'system', NULL, NULL, 'System', TRUE, '0'),
  ('u-gone', TRUE, 'gone@example.com', 'regular', NULL, 'Gone', 'Away', TRUE, 'a1b2c3d4e5f6a7b8c');

INSERT INTO "team_user" ("user_id", "team_id", "role", "deleted") VALUES
  ('u-alice', 't-sales', NULL, FALSE),
  ('u-alice', 't-support', 'Lead', FALSE),
  ('u-bob', 't-support', NULL, FALSE),
  ('u-bob', 't-unmapped', NULL, FALSE),
  ('u-carol', 't-old', NULL, FALSE),
  ('u-carol', 't-sales', NULL, TRUE);

INSERT INTO "authentication_provider" ("id", "name", "deleted", "method", "oidc_client_id", "oidc_client_secret",
    "oidc_authorization_endpoint", "oidc_user_info_endpoint", "oidc_token_endpoint", "oidc_jwks_endpoint",
    "oidc_jwt_signature_algorithm_list", "oidc_scopes", "oidc_create_user", "oidc_username_claim", "oidc_sync",
    "oidc_logout_url", "oidc_authorization_prompt", "oidc_authorization_pkce") VALUES
  ('ap-customers', 'Customers Entra', FALSE, 'Oidc', '11111111-2222-3333-4444-555555555555', 'Portal-Secret-Canary-7Qx9',
    'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/authorize', NULL,
    'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token',
    'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/discovery/v2.0/keys',
    '["RS256"]', '["profile","email"]', FALSE, 'email', FALSE, NULL, 'select_account', TRUE),
  ('ap-partners', 'Partners IdP', FALSE, 'Oidc', 'partners-client', '',
    'https://idp.partners.example/authorize', NULL, 'https://idp.partners.example/token', 'https://idp.partners.example/jwks',
    'RS256', NULL, TRUE, 'preferred_username', FALSE, NULL, NULL, FALSE),
  ('ap-removed', 'Removed IdP', TRUE, 'Oidc', 'removed-client', 'x',
    'https://idp.removed.example/authorize', NULL, 'https://idp.removed.example/token', NULL,
    '["RS256"]', '[]', FALSE, 'sub', FALSE, NULL, NULL, TRUE);

INSERT INTO "portal" ("id", "name", "deleted", "custom_id", "is_active", "custom_url", "authentication_provider_id") VALUES
  ('p-customers', 'Customers', FALSE, 'customers', TRUE, NULL, 'ap-customers'),
  ('p-partners', 'Partners', FALSE, NULL, TRUE, 'https://partners.example.com/', 'ap-partners'),
  ('p-broken', 'Broken Link', FALSE, NULL, TRUE, NULL, 'ap-removed'),
  ('p-default', 'Main Portal', FALSE, 'main', TRUE, NULL, NULL),
  ('p-oldportal', 'Old Portal', TRUE, NULL, FALSE, NULL, 'ap-customers');

INSERT INTO "portal_user" ("portal_id", "user_id", "deleted") VALUES
  ('p-customers', 'u-pat', FALSE),
  ('p-partners', 'u-pat', TRUE);

-- Auth log: OIDC rows are written with username '**oidc' (the person is only
-- in user_id); denials without a resolved user say CREDENTIALS.
INSERT INTO "auth_log_record" ("id", "deleted", "username", "portal_id", "user_id", "auth_token_id", "ip_address",
    "created_at", "is_denied", "denial_reason", "request_time", "request_url", "request_method", "authentication_method") VALUES
  ('al-01', FALSE, '**oidc', NULL, 'u-alice', 'at-01', '203.0.113.10', '2026-01-30 09:00:00', FALSE, NULL, 1769763600.25, 'https://crm.example.com/api/v1/App/user', 'GET', 'Oidc'),
  ('al-02', FALSE, '**oidc', NULL, 'u-bob', 'at-02', '203.0.113.11', '2026-01-30 09:05:00', FALSE, NULL, 1769763900.5, 'https://crm.example.com/api/v1/App/user', 'GET', 'Oidc'),
  ('al-03', FALSE, '**oidc', NULL, NULL, NULL, '203.0.113.12', '2026-01-31 10:00:00', TRUE, 'CREDENTIALS', 1769853600.0, 'https://crm.example.com/api/v1/App/user', 'GET', 'Oidc'),
  ('al-04', FALSE, '**oidc', NULL, NULL, NULL, '203.0.113.12', '2026-01-31 10:00:30', TRUE, 'CREDENTIALS', 1769853630.0, 'https://crm.example.com/api/v1/App/user', 'GET', 'Oidc'),
  ('al-05', FALSE, '**oidc', NULL, NULL, NULL, '203.0.113.13', '2026-01-31 10:01:10', TRUE, 'CREDENTIALS', 1769853670.0, 'https://crm.example.com/api/v1/App/user', 'GET', 'Oidc'),
  ('al-06', FALSE, '**oidc', NULL, 'u-frank', NULL, '203.0.113.14', '2026-01-31 11:00:00', TRUE, 'INACTIVE_USER', 1769857200.0, 'https://crm.example.com/api/v1/App/user', 'GET', 'Oidc'),
  ('al-07', FALSE, '**oidc', NULL, 'u-pat', NULL, '203.0.113.15', '2026-01-31 11:30:00', TRUE, 'IS_PORTAL_USER', 1769859000.0, 'https://crm.example.com/api/v1/App/user', 'GET', 'Oidc'),
  ('al-08', FALSE, '**oidc', 'p-customers', 'u-alice', NULL, '203.0.113.10', '2026-01-31 12:00:00', TRUE, 'IS_NOT_PORTAL_USER', 1769860800.0, 'https://crm.example.com/portal/customers/api/v1/App/user', 'GET', 'Oidc'),
  ('al-09', FALSE, '**oidc', 'p-partners', 'u-pat', NULL, '203.0.113.15', '2026-01-31 12:10:00', TRUE, 'USER_IS_NOT_IN_PORTAL', 1769861400.0, 'https://partners.example.com/api/v1/App/user', 'GET', 'Oidc'),
  ('al-10', FALSE, '**oidc', NULL, 'u-system', NULL, '203.0.113.16', '2026-01-31 12:20:00', TRUE, 'IS_SYSTEM_USER', 1769862000.0, 'https://crm.example.com/api/v1/App/user', 'GET', 'Oidc'),
  ('al-11', FALSE, '**oidc', NULL, 'u-bob', NULL, '198.51.100.7', '2026-01-31 12:30:00', TRUE, 'FORBIDDEN', 1769862600.0, 'https://crm.example.com/api/v1/App/user', 'GET', 'Oidc'),
  ('al-12', FALSE, '**oidc', NULL, 'u-carol', NULL, '203.0.113.17', '2026-01-31 13:00:00', TRUE, 'WRONG_CODE', 1769864400.0, 'https://crm.example.com/api/v1/App/user', 'GET', 'Oidc'),
  ('al-13', FALSE, 'admin', NULL, NULL, NULL, '203.0.113.18', '2026-01-31 13:10:00', TRUE, 'CREDENTIALS', 1769865000.0, 'https://crm.example.com/api/v1/App/user', 'GET', 'Espo'),
  ('al-14', TRUE, '**oidc', NULL, NULL, NULL, '203.0.113.19', '2026-01-31 13:10:00', TRUE, 'CREDENTIALS', 1769865000.0, 'https://crm.example.com/api/v1/App/user', 'GET', 'Oidc'),
  ('al-15', FALSE, '**oidc', NULL, 'u-alice', 'at-15', '203.0.113.10', '2026-02-01 08:00:00', FALSE, NULL, 1769932800.75, 'https://crm.example.com/api/v1/App/user', 'GET', 'Oidc');
