<?php
return [
  'defaultPortalId' => 'p-default',
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
  'oidcUsernameClaim' => 'email',
  'oidcCreateUser' => false,
  'oidcSync' => false,
  'oidcTeamsIds' => [
    0 => 't-sales',
    1 => 't-old',
    2 => 't-ghost'
  ],
  'oidcTeamsNames' => (object) [
    't-sales' => 'Sales',
    't-old' => 'Old Team',
    't-ghost' => 'Ghosts'
  ],
  'oidcTeamsColumns' => (object) [
    't-sales' => (object) ['group' => 'a1b2c3d4-0000-4000-8000-000000000001'],
    't-old' => (object) ['group' => 'a1b2c3d4-0000-4000-8000-000000000002']
  ],
  'oidcGroupClaim' => 'groups',
  'oidcSyncTeams' => true,
  'oidcFallback' => true,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => true,
  'oidcLogoutUrl' => 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/logout?post_logout_redirect_uri={siteUrl}',
  'oidcAuthorizationPrompt' => 'login',
  'oidcAuthorizationPkce' => true,
  'microtime' => 1751446931.482913
];
