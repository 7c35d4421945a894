<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'useCache' => true,
  'userNameRegularExpression' => '[^a-z0-9\\-@_\\.\\s]',
  'authenticationMethod' => 'Oidc',
  'auth2FA' => false,
  'auth2FAMethodList' => [
    0 => 'Totp'
  ],
  'oidcClientId' => 'espocrm',
  'oidcAuthorizationEndpoint' => 'https://sso.example.org/realms/staff/protocol/openid-connect/auth',
  'oidcTokenEndpoint' => 'https://sso.example.org/realms/staff/protocol/openid-connect/token',
  'oidcJwksEndpoint' => 'https://sso.example.org/realms/staff/protocol/openid-connect/certs',
  'oidcJwtSignatureAlgorithmList' => [
    0 => 'RS256'
  ],
  'oidcScopes' => [
    0 => 'profile',
    1 => 'email'
  ],
  'oidcUsernameClaim' => 'preferred_username',
  'oidcCreateUser' => false,
  'oidcSync' => false,
  'oidcTeamsIds' => [],
  'oidcTeamsNames' => (object) [],
  'oidcTeamsColumns' => (object) [],
  'oidcSyncTeams' => false,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => true,
  'oidcAuthorizationPrompt' => 'login',
  'version' => '9.2.7',
  'oidcAuthorizationPkce' => true,
  'microtime' => 1751446931.482913
];
