<?php
return [
  'siteUrl' => 'https://crm.example.net',
  'authenticationMethod' => 'Oidc',
  'auth2FA' => false,
  'oidcClientId' => 'FAKEq3YbLmN8tRzK0vWcA1sD4fG7hJ2kP9uE5iO6yT0',
  'oidcAuthorizationEndpoint' => 'https://auth.example.net/application/o/authorize/',
  'oidcTokenEndpoint' => 'https://auth.example.net/application/o/token/',
  'oidcJwksEndpoint' => 'https://auth.example.net/application/o/espocrm/jwks/',
  'oidcUserInfoEndpoint' => 'https://auth.example.net/application/o/userinfo/',
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
  'oidcTeamsNames' => (object) [
    '6650a1b2c3d4e5f60' => 'Sales'
  ],
  'oidcTeamsColumns' => (object) [
    '6650a1b2c3d4e5f60' => (object) [
      'group' => 'Sales'
    ]
  ],
  'oidcGroupClaim' => 'groups',
  'oidcSyncTeams' => true,
  'oidcFallback' => true,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => true,
  'oidcAuthorizationPrompt' => 'login',
  'oidcAuthorizationPkce' => true,
  'oidcLogoutUrl' => 'https://auth.example.net/application/o/espocrm/end-session/',
];
