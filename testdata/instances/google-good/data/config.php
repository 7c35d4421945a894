<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'authenticationMethod' => 'Oidc',
  'auth2FA' => false,
  'oidcClientId' => '123456789012-FAKEabcdefghijklmnopqrstuvwxyz.apps.googleusercontent.com',
  'oidcAuthorizationEndpoint' => 'https://accounts.google.com/o/oauth2/v2/auth',
  'oidcTokenEndpoint' => 'https://oauth2.googleapis.com/token',
  'oidcJwksEndpoint' => 'https://www.googleapis.com/oauth2/v3/certs',
  'oidcUserInfoEndpoint' => NULL,
  'oidcJwtSignatureAlgorithmList' => [
    0 => 'RS256'
  ],
  'oidcScopes' => [
    0 => 'profile',
    1 => 'email'
  ],
  'oidcUsernameClaim' => 'email',
  'oidcCreateUser' => false,
  'oidcSync' => false,
  'oidcGroupClaim' => NULL,
  'oidcSyncTeams' => false,
  'oidcFallback' => true,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => true,
  'oidcLogoutUrl' => NULL,
  'oidcAuthorizationPrompt' => 'select_account',
  'oidcAuthorizationPkce' => true,
];
