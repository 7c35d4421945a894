<?php
return [
  'siteUrl' => 'https://crm.example.org',
  'useCache' => true,
  'authenticationMethod' => 'Oidc',
  'auth2FA' => false,
  'oidcClientId' => 'espocrm',
  'oidcAuthorizationEndpoint' => 'https://sso.example.org/realms/staff/protocol/openid-connect/auth',
  'oidcTokenEndpoint' => 'https://sso.example.org/realms/staff/protocol/openid-connect/token',
  'oidcJwksEndpoint' => 'https://sso.example.org/realms/master/protocol/openid-connect/certs',
  'oidcUserInfoEndpoint' => NULL,
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
    0 => '6650a1b2c3d4e5f60',
    1 => '6650a1b2c3d4e5f61'
  ],
  'oidcTeamsNames' => (object) [
    '6650a1b2c3d4e5f60' => 'Sales',
    '6650a1b2c3d4e5f61' => 'Support'
  ],
  'oidcTeamsColumns' => (object) [
    '6650a1b2c3d4e5f60' => (object) [
      'group' => 'sales'
    ],
    '6650a1b2c3d4e5f61' => (object) [
      'group' => 'support'
    ]
  ],
  'oidcGroupClaim' => 'groups',
  'oidcSyncTeams' => true,
  'oidcFallback' => true,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => true,
  'oidcLogoutUrl' => 'https://sso.example.org/realms/staff/protocol/openid-connect/logout?redirect_uri={siteUrl}',
  'oidcAuthorizationPrompt' => 'login',
  'oidcAuthorizationPkce' => true,
];
