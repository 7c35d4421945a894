<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'authenticationMethod' => 'Oidc',
  'auth2FA' => false,
  'oidcClientId' => 'FAKEa1b2c3d4e5f6g7h8i9j0k1l2m3n4',
  'oidcAuthorizationEndpoint' => 'https://acme.eu.auth0.com/authorize',
  'oidcTokenEndpoint' => 'https://acme.eu.auth0.com/oauth/token',
  'oidcJwksEndpoint' => 'https://acme.eu.auth0.com/.well-known/jwks.json',
  'oidcUserInfoEndpoint' => 'https://acme-staging.eu.auth0.com/userinfo',
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
  'oidcGroupClaim' => NULL,
  'oidcFallback' => true,
  'oidcAllowRegularUserFallback' => false,
  'oidcAllowAdminUser' => true,
  'oidcLogoutUrl' => NULL,
  'oidcAuthorizationPrompt' => 'login',
  'oidcAuthorizationPkce' => true,
];
