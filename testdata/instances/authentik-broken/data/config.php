<?php
return [
  'siteUrl' => 'https://crm.example.net',
  'authenticationMethod' => 'Oidc',
  'auth2FA' => false,
  'oidcClientId' => 'FAKEq3YbLmN8tRzK0vWcA1sD4fG7hJ2kP9uE5iO6yT0',
  'oidcAuthorizationEndpoint' => 'https://auth.example.net/application/o/authorize/',
  'oidcTokenEndpoint' => 'https://auth.example.net/application/o/token/',
  'oidcJwksEndpoint' => 'https://auth.example.net/application/o/espocrm/jwks/',
  'oidcUserInfoEndpoint' => NULL,
  'oidcJwtSignatureAlgorithmList' => [
    0 => 'HS256'
  ],
  'oidcScopes' => [
    0 => 'profile',
    1 => 'email'
  ],
  'oidcUsernameClaim' => 'sub',
  'oidcCreateUser' => true,
  'oidcSync' => false,
  'oidcFallback' => true,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => true,
  'oidcAuthorizationPrompt' => 'login',
  'oidcAuthorizationPkce' => true,
  'oidcLogoutUrl' => 'https://auth.example.net/application/o/grafana/end-session/',
];
