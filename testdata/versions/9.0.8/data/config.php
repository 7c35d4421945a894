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
  'oidcFallback' => true,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => false,
  'oidcAuthorizationPrompt' => 'login',
  'version' => '9.0.8',
  'auth2FAForced' => true,
  'oidcUserInfoEndpoint' => 'https://sso.example.org/realms/staff/protocol/openid-connect/userinfo',
  'microtime' => 1751446931.482913
];
