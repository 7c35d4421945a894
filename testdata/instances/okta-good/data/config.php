<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'authenticationMethod' => 'Oidc',
  'auth2FA' => false,
  'oidcClientId' => '0oaFAKE1a2b3c4d5e6f7',
  'oidcAuthorizationEndpoint' => 'https://dev-1234567.okta.com/oauth2/default/v1/authorize',
  'oidcTokenEndpoint' => 'https://dev-1234567.okta.com/oauth2/default/v1/token',
  'oidcJwksEndpoint' => 'https://dev-1234567.okta.com/oauth2/default/v1/keys',
  'oidcUserInfoEndpoint' => 'https://dev-1234567.okta.com/oauth2/default/v1/userinfo',
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
  'oidcLogoutUrl' => NULL,
  'oidcAuthorizationPrompt' => 'login',
  'oidcAuthorizationPkce' => true,
];
