<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'authenticationMethod' => 'Oidc',
  'oidcJwtSignatureAlgorithmList' => [
    0 => 'RS256'
  ],
  'oidcUsernameClaim' => 'preferred_username',
  'oidcFallback' => true,
  'oidcScopes' => [
    0 => 'profile',
    1 => 'email'
  ],
  'oidcAuthorizationPrompt' => 'select_account',
  'oidcAuthorizationPkce' => true,
  'oidcClientId' => '11111111-2222-3333-4444-555555555555',
  'oidcAuthorizationEndpoint' => 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/authorize',
  'oidcTokenEndpoint' => 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token',
  'oidcJwksEndpoint' => 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/discovery/v2.0/keys',
  'oidcUserInfoEndpoint' => NULL,
  'oidcGroupClaim' => 'groups',
  'oidcSyncTeams' => true,
  'oidcTeamsIds' => [
    0 => '6650a1b2c3d4e5f60'
  ],
  'oidcTeamsNames' => (object) [
    '6650a1b2c3d4e5f60' => 'Sales'
  ],
  'oidcTeamsColumns' => (object) [
    '6650a1b2c3d4e5f60' => (object) [
      'group' => 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'
    ]
  ],
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => false,
  'oidcLogoutUrl' => 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/logout?post_logout_redirect_uri={siteUrl}',
  'microtime' => 1751446931.482913
];
