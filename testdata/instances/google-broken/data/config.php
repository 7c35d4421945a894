<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'authenticationMethod' => 'Oidc',
  'auth2FA' => false,
  'oidcClientId' => '123456789012-FAKEabcdefghijklmnopqrstuvwxyz.apps.googleusercontent.com',
  'oidcAuthorizationEndpoint' => 'https://accounts.google.com/o/oauth2/v2/auth',
  'oidcTokenEndpoint' => 'https://oauth2.googleapis.com/token',
  'oidcJwksEndpoint' => 'https://www.googleapis.com/oauth2/v1/certs',
  'oidcUserInfoEndpoint' => NULL,
  'oidcJwtSignatureAlgorithmList' => [
    0 => 'RS256'
  ],
  'oidcScopes' => [
    0 => 'profile',
    1 => 'email',
    2 => 'phone'
  ],
  'oidcUsernameClaim' => 'preferred_username',
  'oidcCreateUser' => true,
  'oidcSync' => false,
  'oidcTeamsIds' => [
    0 => '6650a1b2c3d4e5f60'
  ],
  'oidcTeamsNames' => (object) [
    '6650a1b2c3d4e5f60' => 'Sales'
  ],
  'oidcTeamsColumns' => (object) [
    '6650a1b2c3d4e5f60' => (object) [
      'group' => 'sales@example.com'
    ]
  ],
  'oidcGroupClaim' => 'groups',
  'oidcSyncTeams' => true,
  'oidcFallback' => true,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => true,
  'oidcLogoutUrl' => NULL,
  'oidcAuthorizationPrompt' => 'login',
  'oidcAuthorizationPkce' => true,
];
