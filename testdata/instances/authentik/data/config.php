<?php
return [
  'siteUrl' => 'https://crm.example.net/',
  'authenticationMethod' => 'Oidc',
  'oidcClientId' => 'Xq3YbLmN8tRzK0vWcA1sD4fG7hJ2kP9uE5iO6yT0',
  'oidcAuthorizationEndpoint' => 'https://auth.example.net/application/o/authorize/',
  'oidcTokenEndpoint' => 'https://auth.example.net/application/o/token/',
  'oidcJwksEndpoint' => 'https://auth.example.net/application/o/espocrm/jwks/',
  'oidcUserInfoEndpoint' => 'https://auth.example.net/application/o/userinfo/',
  'oidcJwtSignatureAlgorithmList' => [
    0 => 'RS256',
    1 => 'HS256'
  ],
  'oidcScopes' => [
    0 => 'openid',
    1 => 'profile',
    2 => 'email'
  ],
  'oidcUsernameClaim' => 'preferred_username',
  'oidcCreateUser' => false,
  'oidcSync' => false,
  'oidcGroupClaim' => 'groups',
  'oidcSyncTeams' => true,
  'oidcTeamsIds' => [],
  'oidcFallback' => false,
  'oidcAllowAdminUser' => true,
  'oidcAuthorizationPrompt' => 'select_account',
  'oidcAuthorizationPkce' => true,
  'oidcLogoutUrl' => 'https://auth.example.net/application/o/espocrm/end-session/',
];
