<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'useCache' => true,
  'userNameRegularExpression' => '[^a-z0-9\\-@_\\.\\s]',
  'authenticationMethod' => 'Oidc',
  'auth2FA' => true,
  'auth2FAMethodList' => [
    0 => 'Totp'
  ],
  'oidcClientId' => 12345,
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
  'oidcTeamsIds' => [
    0 => '6650a1b2c3d4e5f60'
  ],
  'oidcTeamsNames' => (object) [],
  'oidcTeamsColumns' => [
    '6650a1b2c3d4e5f60' => [
      'group' => 'sales'
    ]
  ],
  'oidcSyncTeams' => true,
  'oidcFallback' => true,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => false,
  'oidcAuthorizationPrompt' => 'login',
  'version' => '8.4.2',
  'oidcGroupClaim' => 'groups',
  'microtime' => 1751446931.482913
];
