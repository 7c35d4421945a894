-- Unexpected values a hand edit, an import or a broken upgrade can leave in
-- an EspoCRM database (MariaDB only: PostgreSQL's types refuse most of
-- them). Loaded into the database espo_hostile with mysql-schema.sql.
INSERT INTO "team" ("id", "name", "deleted") VALUES ('t-null', 'Deleted is NULL', NULL), ('t-seven', 'Deleted is 7', 7);
INSERT INTO "user" ("id", "deleted", "user_name", "type", "is_active", "delete_id") VALUES
  ('u-odd', FALSE, 'odd', 'Regular', 7, '0'),
  ('u-nul', FALSE, NULL, NULL, TRUE, '1'),
  ('u-ctl', FALSE, CONCAT('tab', CHAR(9), 'name'), 'regular', TRUE, '2');
INSERT INTO "authentication_provider" ("id", "name", "deleted", "method", "oidc_client_id", "oidc_jwt_signature_algorithm_list",
    "oidc_scopes", "oidc_create_user", "oidc_username_claim", "oidc_sync", "oidc_authorization_pkce") VALUES
  ('ap-odd', 'Odd', FALSE, 'oidc', 'c', '{"0":"RS256"}', CONCAT('[', REPEAT('"x",', 20000), '"y"]'), 2, NULL, FALSE, TRUE),
  ('ap-num', 'Numbers', NULL, 'Oidc', 'c', '[256, null, true]', '[]', FALSE, '', FALSE, TRUE);
INSERT INTO "portal" ("id", "name", "deleted", "custom_id", "is_active", "custom_url", "authentication_provider_id") VALUES
  ('p-odd', 'Odd', FALSE, NULL, TRUE, NULL, 'ap-odd');
INSERT INTO "auth_log_record" ("id", "deleted", "username", "user_id", "created_at", "is_denied", "denial_reason", "request_time", "authentication_method") VALUES
  ('al-zero', FALSE, '**oidc', NULL, '0000-00-00 00:00:00', TRUE, 'CREDENTIALS', -5, 'Oidc'),
  ('al-huge', FALSE, '**oidc', 'u-nobody', NULL, 3, 'SOMETHING_NEW', 1e300, 'Oidc');
