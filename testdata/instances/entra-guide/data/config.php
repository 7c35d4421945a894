<?php
return [
  'database' => [
    'driver' => 'pdo_mysql',
    'host' => 'localhost',
    'dbname' => 'espocrm'
  ],
  'siteUrl' => 'https://crm.example.com',
  'useCache' => true,
  'userNameRegularExpression' => '[^a-z0-9\\-@_\\.\\s]',
  'authenticationMethod' => 'Oidc',
  'auth2FA' => false,
  'auth2FAMethodList' => [
    0 => 'Totp'
  ],
  'oidcClientId' => '11111111-2222-3333-4444-555555555555',
  'oidcAuthorizationEndpoint' => 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/authorize',
  'oidcTokenEndpoint' => 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token',
  'oidcJwksEndpoint' => 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/discovery/v2.0/keys',
  'oidcJwtSignatureAlgorithmList' => [
    0 => 'RS256'
  ],
  'oidcUserInfoEndpoint' => NULL,
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
  'oidcGroupClaim' => NULL,
  'oidcSyncTeams' => false,
  'oidcFallback' => true,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => true,
  'oidcLogoutUrl' => 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/logout?post_logout_redirect_uri={siteUrl}',
  'oidcAuthorizationPrompt' => 'login',
  'oidcAuthorizationPkce' => true,
  'microtime' => 1751446931.482913
];
